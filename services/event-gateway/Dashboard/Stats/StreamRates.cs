namespace Fleet.EventGateway.Dashboard.Stats;

/// <summary>
/// Entries per second per stream, from two successive samples. It counts XINFO STREAM's entries-added (Redis 7), not the
/// length: a stream kept at its retention (MAXLEN ~) stays about as long while entries pour in. Without that counter the
/// growth of the length is used (no rate while the stream is trimmed faster than it grows).
/// </summary>
internal sealed class StreamRates
{
    private readonly Dictionary<string, Sample> _previous = new(StringComparer.Ordinal);

    /// <summary>
    /// Records <paramref name="stream"/>'s figures at <paramref name="timestamp"/> (a <see cref="TimeProvider"/> timestamp)
    /// and returns its rate since the previous sample, or null for the first sample or a counter that went back (the
    /// stream was deleted and written again, or Redis lost it).
    /// </summary>
    public double? Update(string stream, long? entriesAdded, long length, long timestamp, TimeProvider timeProvider)
    {
        var count = entriesAdded ?? length;
        var current = new Sample(count, timestamp);
        if (!_previous.TryGetValue(stream, out var previous))
        {
            _previous[stream] = current;
            return null;
        }

        _previous[stream] = current;
        var seconds = timeProvider.GetElapsedTime(previous.Timestamp, timestamp).TotalSeconds;
        if (seconds <= 0 || count < previous.Count)
        {
            return null;
        }

        return (count - previous.Count) / seconds;
    }

    private readonly record struct Sample(long Count, long Timestamp);
}
