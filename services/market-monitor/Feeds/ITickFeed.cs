namespace Fleet.MarketMonitor.Feeds;

/// <summary>
/// A source of rows, read one at a time and never all at once. A feed only reads: what was consumed (the position,
/// sequence numbers) lives in the <see cref="FeedState"/> the collector checkpoints, so a feed opened at a state's
/// position goes on exactly where the last one stopped.
/// </summary>
internal interface ITickFeed : IDisposable
{
    /// <summary>Reads the next row; false at the end of a feed that does not loop.</summary>
    bool TryRead(out FeedRow row);
}
