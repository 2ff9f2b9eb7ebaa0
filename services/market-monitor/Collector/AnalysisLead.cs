using Fleet.Contracts;
using Fleet.Events;
using Fleet.MarketMonitor.Analysis;
using Fleet.Redis;
using Microsoft.Extensions.Options;

namespace Fleet.MarketMonitor.Collector;

/// <summary>
/// Keeps the collector at most <see cref="CollectorOptions.MaxLead"/> ticks ahead of the analysis: after every
/// <c>MaxLead / 10</c> ticks published it reads group <c>market-monitor</c>'s backlog on market.events (XINFO GROUPS:
/// lag + pending, one small reply), and while the backlog is above MaxLead it waits, looking again every
/// <see cref="PollInterval"/>. The feeds are replays and a synthetic walk, so waiting only slows the replay: ticks pile
/// up in the stream no faster than the analysis takes them, short of the stream's retention, and the collector's own
/// appends do not take Redis' time from the analysis that is behind anyway. Unknown backlog (no group yet, or Redis
/// cannot count the lag) does not hold the collector back.
/// </summary>
internal sealed class AnalysisLead(RedisClient redis, StreamKeys keys, IOptions<MarketMonitorOptions> options, TimeProvider time, ILogger<AnalysisLead> logger)
{
    /// <summary>How often a held-back collector looks at the backlog again.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly long _maxLead = options.Value.Collector.MaxLead;
    private long _sinceCheck;

    /// <summary>
    /// Counts <paramref name="published"/> ticks and, when a check is due, waits until the analysis' backlog is at most
    /// MaxLead. Returns at once when MaxLead is 0 (no limit).
    /// </summary>
    public async ValueTask WaitAsync(int published, CancellationToken cancellationToken)
    {
        _sinceCheck += published;
        if (_maxLead == 0 || _sinceCheck < Math.Max(1, _maxLead / 10))
        {
            return;
        }

        var waitingSince = (DateTimeOffset?)null;
        while (await BacklogAsync(cancellationToken).ConfigureAwait(false) is { } backlog && backlog > _maxLead)
        {
            if (waitingSince is null)
            {
                waitingSince = time.GetUtcNow();
                Log.CollectorHeldBack(logger, backlog, _maxLead);
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }

        _sinceCheck = 0;
        if (waitingSince is { } since)
        {
            Log.CollectorResumed(logger, time.GetUtcNow() - since);
        }
    }

    /// <summary>Entries of market.events the group has not acknowledged: not yet delivered (lag) and in hand (pending).</summary>
    private async ValueTask<long?> BacklogAsync(CancellationToken cancellationToken)
    {
        var groups = await redis.XInfoGroupsAsync(keys.Stream(FleetStreams.Market), cancellationToken).ConfigureAwait(false);
        foreach (var group in groups)
        {
            if (group.Name == TickGroup.Name)
            {
                return group.Lag is { } lag ? lag + group.Pending : null;
            }
        }

        return null;
    }
}
