namespace Fleet.MarketMonitor;

/// <summary>The collector's feeds (<c>MarketMonitor:Collector:Feed</c>; bound case-insensitively).</summary>
internal enum FeedKind
{
    /// <summary>Replays a CSV file of ticks.</summary>
    Csv = 0,

    /// <summary>A geometric random walk per symbol, for load.</summary>
    Random = 1,
}
