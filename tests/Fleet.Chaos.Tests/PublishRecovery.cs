namespace Fleet.Chaos.Tests;

/// <summary>
/// The publisher's rate around one Redis restart, from its 100 ms ticks: the direct (sent to Redis, not spooled) rate in
/// the second before the kill, and how long after the restart the direct rate over half a second is back at 90 % of it.
/// </summary>
internal static class PublishRecovery
{
    private const long PreWindowMs = 1_000;
    private const long RateWindowMs = 500;
    private const double Enough = 0.9;

    /// <returns>The pre-outage direct rate per second, and the time back to 90 % of it (null: not while publishing).</returns>
    public static (double PreRate, TimeSpan? Back) Measure(IReadOnlyList<PublisherTick> ticks, RedisRestart restart, long publishedAt)
    {
        var before = ticks.Where(t => t.UnixMs <= restart.KilledAt).ToList();
        var preWindow = before.Where(t => t.UnixMs >= restart.KilledAt - PreWindowMs).ToList();
        if (preWindow.Count < 2)
        {
            preWindow = before;
        }

        var preRate = Rate(preWindow);
        if (preRate <= 0)
        {
            return (0, null);
        }

        var after = ticks.Where(t => t.UnixMs >= restart.RestartedAt && t.UnixMs <= publishedAt).ToList();
        for (var i = 0; i < after.Count; i++)
        {
            var end = after.FindIndex(i, t => t.UnixMs >= after[i].UnixMs + RateWindowMs);
            if (end < 0)
            {
                break;
            }

            if (Rate([after[i], after[end]]) >= Enough * preRate)
            {
                return (preRate, TimeSpan.FromMilliseconds(after[i].UnixMs - restart.RestartedAt));
            }
        }

        return (preRate, null);
    }

    private static double Rate(List<PublisherTick> window) =>
        window.Count < 2 || window[^1].UnixMs == window[0].UnixMs
            ? 0
            : (window[^1].Direct - window[0].Direct) * 1000.0 / (window[^1].UnixMs - window[0].UnixMs);
}
