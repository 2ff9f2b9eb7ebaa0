namespace Fleet.MarketMonitor.Analysis;

/// <summary>What one run of <see cref="TickScript"/> did with a batch of one symbol's ticks.</summary>
/// <param name="Statuses">What it did with each tick, in the order given: applied, buffered behind a gap, or a duplicate.</param>
/// <param name="Applied">How many ticks it applied: these and the buffered ones they released, in sequence order.</param>
/// <param name="NextSequence">The symbol's next expected sequence number afterwards.</param>
/// <param name="Results">What the caller must publish and then confirm, in the order made: the results made now and any unconfirmed ones it took over.</param>
internal readonly record struct TickBatchOutcome(IReadOnlyList<TickStatus> Statuses, int Applied, long NextSequence, IReadOnlyList<AnalysisResult> Results);
