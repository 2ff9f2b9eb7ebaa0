using Fleet.Events;

namespace Fleet.MarketMonitor.Analysis;

/// <summary>
/// How the group <c>market-monitor</c> reads market.events (ADR 0010): no partition key, many ticks in hand and as many
/// handlers, so that a symbol's ticks meet in its <see cref="TickBatcher"/> and go to Redis in one script call. The
/// script orders them by sequence number; a partition key would only hold a replica to one tick per symbol at a time.
/// </summary>
internal static class TickGroup
{
    /// <summary>Entries in hand per replica (XREADGROUP reads up to 256 at a time), and handlers running at once.</summary>
    public const int InHand = 512;

    /// <summary>Sets the group's options.</summary>
    public static void Configure(ConsumerGroupOptions options)
    {
        options.Prefetch = InHand;
        options.Concurrency = InHand;
        options.ProcessingTimeout = AnalysisOptions.TickProcessingTimeout;
    }
}
