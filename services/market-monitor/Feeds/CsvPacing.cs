namespace Fleet.MarketMonitor.Feeds;

/// <summary>
/// When each CSV row is due on the wall clock: the first row at once, each next one after the market time since the
/// previous row divided by <c>Speed</c>, but never more than <c>MaxPause</c> (an overnight gap or a halt is not waited
/// out). A row earlier than the one before it, or unreadable, is due with the previous one. Speed 0 makes every row due
/// at once. One pacing per term: a new leader starts its clock afresh.
/// </summary>
internal sealed class CsvPacing(TimeProvider time, double speed, TimeSpan maxPause)
{
    private DateTimeOffset? _due;
    private DateTimeOffset? _market;

    /// <summary>The wall-clock time the row of market time <paramref name="market"/> (null: unreadable) is due.</summary>
    public DateTimeOffset DueAt(DateTimeOffset? market)
    {
        if (speed == 0)
        {
            return DateTimeOffset.MinValue;
        }

        if (_due is not { } due)
        {
            _due = time.GetUtcNow();
            _market = market;
            return _due.Value;
        }

        if (market is { } at)
        {
            if (_market is { } previous && at > previous)
            {
                var wall = TimeSpan.FromTicks((long)((at - previous).Ticks / speed));
                _due = due + (wall < maxPause ? wall : maxPause);
            }

            if (_market is null || at > _market)
            {
                _market = at;
            }
        }

        return _due.Value;
    }
}
