namespace Fleet.MarketMonitor.Analysis;

/// <summary>What <see cref="TickScript"/> did with the tick it was given (its reply's first element).</summary>
internal enum TickStatus
{
    /// <summary>No tick: a sweep for gaps and unconfirmed results.</summary>
    Swept = 0,

    /// <summary>It was next in sequence and applied (with any buffered ticks after it).</summary>
    Applied = 1,

    /// <summary>It is ahead of a missing sequence number and waits in the state.</summary>
    Buffered = 2,

    /// <summary>It was applied, skipped or buffered before (a redelivery or a republished tick).</summary>
    Duplicate = 3,
}
