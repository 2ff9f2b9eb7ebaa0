using Fleet.Events;

namespace Fleet.MarketMonitor.Analysis;

/// <summary>
/// How the group <c>market-monitor</c> reads market.events (ADRs 0010 and 0012): a batch handler gets the ticks of one
/// read (XREADGROUP returns up to 256), and its symbols' ticks go to Redis in one script call each. The script orders
/// them by sequence number, so batches need no partition key and may run side by side.
/// </summary>
internal static class TickGroup
{
    /// <summary>The group's name.</summary>
    public const string Name = "market-monitor";

    /// <summary>Entries in hand per replica: two reads of 256, the next read in flight while a batch is handled.</summary>
    public const int InHand = 512;

    /// <summary>Batches handled at once per replica.</summary>
    public const int Batches = 2;

    /// <summary>Sets the group's options.</summary>
    public static void Configure(ConsumerGroupOptions options)
    {
        options.Prefetch = InHand;
        options.Concurrency = Batches;
        options.ProcessingTimeout = AnalysisOptions.TickProcessingTimeout;
    }
}
