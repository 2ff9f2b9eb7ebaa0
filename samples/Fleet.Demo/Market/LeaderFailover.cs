using Fleet.Contracts;
using Fleet.Demo.Operations;
using Fleet.Demo.Reporting;
using Fleet.Demo.Scenario;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.Demo.Market;

/// <summary>
/// The collector's failover: the lease key <c>fleet:{market.events}:leader:market-collector</c> holds
/// <c>&lt;instance&gt;/&lt;random&gt;/&lt;fencing token&gt;</c> of the replica that collects; the demo SIGKILLs that process (its
/// pid from run.sh's pid file) and waits until the other replica holds the lease and ticks with its new, larger fencing
/// token appear on market.events.
/// </summary>
internal sealed class LeaderFailover(RedisClient redis, StreamKeys keys, MarketWatch watch, FleetProcesses processes, StepChecks checks, Narrator narrator)
{
    public const string LeaseName = "market-collector";

    // Two lease times of run.sh's 5 s, and more for a busy machine; the default lease time is 10 s.
    private static readonly TimeSpan TakeOverWait = TimeSpan.FromSeconds(60);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var leaseKey = keys.Leader(FleetStreams.Market, LeaseName);
        narrator.Heading($"Market: the collector's leader killed (SIGKILL), another replica takes over ({leaseKey})");
        var holder = Parse((await redis.GetAsync(leaseKey, cancellationToken)).ToString());
        if (holder is null)
        {
            checks.Add(narrator, false, $"a market-monitor leader holds {leaseKey}");
            return;
        }

        var pid = processes.PidOf(holder.Value.Instance);
        if (pid is null)
        {
            checks.Add(narrator, false, $"the leader {holder.Value.Instance}'s pid (no {holder.Value.Instance}.pid{(processes.Known ? "" : ": run the demo through deploy/local/run.sh, which passes --pid-dir")})");
            return;
        }

        var ticksBefore = watch.TicksByToken().GetValueOrDefault(holder.Value.Token);
        narrator.Step("collector", "leader", TimeSpan.Zero, $"{holder.Value.Instance} holds the lease with fencing token {holder.Value.Token} ({ticksBefore} ticks of this run carry it); pid {pid}");
        processes.Kill(holder.Value.Instance, pid.Value);
        checks.KilledInstances.Add(holder.Value.Instance);
        var killed = narrator.Time.GetTimestamp();
        narrator.Step("collector", "SIGKILL", TimeSpan.Zero, $"kill -9 {pid} ({holder.Value.Instance}): no release of the lease, no acknowledgements");

        (string Instance, long Token)? successor = null;
        var tookOver = await Waiting.UntilAsync(
            async () =>
            {
                successor = Parse((await redis.GetAsync(leaseKey, cancellationToken)).ToString());
                return successor is { } s && s.Token > holder.Value.Token && s.Instance != holder.Value.Instance;
            },
            TakeOverWait,
            narrator.Time,
            cancellationToken);
        if (tookOver && successor is { } next)
        {
            narrator.Step("collector", "new leader", narrator.Time.GetElapsedTime(killed), $"{next.Instance} took the lease over: fencing token {next.Token}");
        }

        checks.Add(narrator, tookOver, tookOver
            ? $"{holder.Value.Instance} killed; {successor!.Value.Instance} took the collector lease over after {narrator.Time.GetElapsedTime(killed).TotalSeconds:0.0} s (token {holder.Value.Token} -> {successor.Value.Token})"
            : $"another replica takes the collector lease over within {TakeOverWait.TotalSeconds:0} s of {holder.Value.Instance}'s SIGKILL");
        if (!tookOver)
        {
            return;
        }

        var token = successor!.Value.Token;
        var ticking = await Waiting.UntilAsync(() => watch.TicksByToken().GetValueOrDefault(token) > 0, TakeOverWait, narrator.Time, cancellationToken);
        if (ticking)
        {
            narrator.Step("collector", "ticks", narrator.Time.GetElapsedTime(killed), $"market.data.collected with fencing token {token} from {successor.Value.Instance} (resumed from the collector's checkpoint)");
        }

        checks.Add(narrator, ticking, $"ticks with the new fencing token {token} on {FleetStreams.Market}");
    }

    // "<instance>/<32 hex random>/<fencing token>" (docs/leadership.md); the instance name may itself contain '/'.
    private static (string Instance, long Token)? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var last = value.LastIndexOf('/');
        var middle = last > 0 ? value.LastIndexOf('/', last - 1) : -1;
        return middle > 0 && long.TryParse(value.AsSpan(last + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var token)
            ? (value[..middle], token)
            : null;
    }
}
