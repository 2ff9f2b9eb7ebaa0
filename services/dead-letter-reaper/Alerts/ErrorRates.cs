namespace Fleet.DeadLetterReaper.Alerts;

/// <summary>
/// The error rate of seed 001 per stream: dead letters added to its <c>:dlq</c> divided by entries added to the stream
/// between the oldest sample within <see cref="AlertsOptions.ErrorWindow"/> and now (XINFO STREAM entries-added of
/// both). Counters only grow, so the differences are exact whatever the trimming; a counter that went down means the
/// stream was deleted and created again, and then its current value is what was added since.
/// </summary>
internal static class ErrorRates
{
    /// <summary>
    /// The rate of <paramref name="stream"/> from <paramref name="baseline"/> (null: no earlier sample yet, rate 0) to
    /// <paramref name="current"/>. A window with dead letters and no entry added counts as 1 (every entry failed): dead
    /// letters can come from entries added before the window, and that is no reason to stay silent.
    /// </summary>
    public static double Rate(ErrorSample? baseline, ErrorSample current, string stream)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (baseline is null || !current.Streams.TryGetValue(stream, out var now))
        {
            return 0;
        }

        var then = baseline.Streams.GetValueOrDefault(stream);
        var added = Since(then.Added, now.Added);
        var deadLettered = Since(then.DeadLettered, now.DeadLettered);
        if (added > 0)
        {
            return (double)deadLettered / added;
        }

        return deadLettered > 0 ? 1 : 0;
    }

    private static long Since(long then, long now) => now >= then ? now - then : now;
}
