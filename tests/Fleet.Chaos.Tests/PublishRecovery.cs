namespace Fleet.Chaos.Tests;

/// <summary>
/// The publisher's rate around Redis restarts, from its 100 ms ticks: the direct (sent to Redis, not spooled) rate in
/// the second before the first kill (full speed, before any outage), and how long after a restart the direct rate over
/// half a second is back at 90 % of it.
/// </summary>
internal static class PublishRecovery
{
    private const long PreWindowMs = 1_000;
    private const long RateWindowMs = 500;
    private const double Enough = 0.9;

    /// <summary>The direct publishes per second in the second before <paramref name="killedAt"/> (or since the start, if shorter).</summary>
    public static double RateBefore(IReadOnlyList<PublisherTick> ticks, long killedAt)
    {
        var before = ticks.Where(t => t.UnixMs <= killedAt).ToList();
        var window = before.Where(t => t.UnixMs >= killedAt - PreWindowMs).ToList();
        return Rate(window.Count < 2 ? before : window);
    }

    /// <returns>How long after <paramref name="restart"/> the direct rate was back at 90 % of <paramref name="preRate"/>; null if not before publishing ended.</returns>
    public static TimeSpan? TimeBack(IReadOnlyList<PublisherTick> ticks, RedisRestart restart, double preRate, long publishedAt)
    {
        if (preRate <= 0)
        {
            return null;
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
                return TimeSpan.FromMilliseconds(after[i].UnixMs - restart.RestartedAt);
            }
        }

        return null;
    }

    private static double Rate(List<PublisherTick> window) =>
        window.Count < 2 || window[^1].UnixMs == window[0].UnixMs
            ? 0
            : (window[^1].Direct - window[0].Direct) * 1000.0 / (window[^1].UnixMs - window[0].UnixMs);
}
