namespace Fleet.MarketMonitor.Analysis;

/// <summary>What one run of <see cref="TickScript"/> did.</summary>
/// <param name="Status">Whether the tick was applied, buffered behind a gap, a duplicate, or there was none (a sweep).</param>
/// <param name="Applied">How many ticks it applied: this one and the buffered ones it released, in sequence order.</param>
/// <param name="NextSequence">The symbol's next expected sequence number afterwards.</param>
/// <param name="Results">What the handler must publish and then confirm: the results made now and any unconfirmed ones it took over.</param>
internal readonly record struct TickOutcome(TickStatus Status, int Applied, long NextSequence, IReadOnlyList<AnalysisResult> Results);
