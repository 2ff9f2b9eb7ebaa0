using System.Globalization;
using Fleet.Events.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Events;

/// <summary>
/// Campaigns for one leader lease (<see cref="FleetEventsBuilder.AddLeaderWork{TWork}"/>) and runs its
/// <see cref="ILeaderWork"/> while this process holds it (LeaderService.Term.cs). A follower tries to acquire every
/// renew interval; a Redis error is retried with <see cref="RetryBackoff"/>. After a term, it campaigns again: at once
/// when the lease was lost, after one renew interval when the work returned, after a growing delay when it threw, so
/// neither a failing work nor an unreachable Redis spins. It never throws: a failure never stops the host.
/// </summary>
internal sealed partial class LeaderService : BackgroundService
{
    private readonly LeaderWorkDefinition _definition;
    private readonly IEventTransport _transport;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ILeaderWork _work;
    private readonly string _instance;
    private readonly string _leaseKey;
    private readonly string _fenceKey;
    private readonly TimeSpan _leaseTime;
    private readonly TimeSpan _renewInterval;
    private readonly TimeSpan _workDeadline;

    public LeaderService(
        LeaderWorkDefinition definition, IServiceProvider services, IEventTransport transport, StreamKeys keys, IOptions<LeadershipOptions> leadership,
        IOptions<FleetEventsOptions> events, TimeProvider time, ILogger<LeaderService> logger)
    {
        _definition = definition;
        _transport = transport;
        _time = time;
        _logger = logger;
        _work = (ILeaderWork)ActivatorUtilities.GetServiceOrCreateInstance(services, definition.WorkType);
        _instance = events.Value.InstanceName;
        _leaseKey = keys.Leader(definition.Stream, definition.Name);
        _fenceKey = keys.LeaderFenceCounter(definition.Stream, definition.Name);
        var options = leadership.Value;
        _leaseTime = options.LeaseTime;
        _renewInterval = options.EffectiveRenewInterval;
        _workDeadline = options.WorkDeadline;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LeadershipMetrics.Record(this, _definition.Stream, _definition.Name, held: false);
        Log.Campaigning(_logger, _definition.Stream, _definition.Name, _instance, _leaseTime.TotalMilliseconds, _renewInterval.TotalMilliseconds);
        try
        {
            await CampaignAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping while following or waiting: nothing held.
        }
        finally
        {
            LeadershipMetrics.Remove(this);
        }
    }

    private async Task CampaignAsync(CancellationToken stopping)
    {
        var failures = 0;
        var crashes = 0;
        while (!stopping.IsCancellationRequested)
        {
            // The term's local deadline counts from this send: Redis sets the key's time to live after it.
            var sentAt = _time.GetTimestamp();
            var prefix = NewValuePrefix();
            long? token;
            try
            {
                token = await _transport.TryAcquireLeaseAsync(_leaseKey, _fenceKey, prefix, _leaseTime, stopping);
                failures = 0;
            }
            catch (Exception e) when (e is not OutOfMemoryException && !stopping.IsCancellationRequested)
            {
                // Unreachable, or refused (an ACL): logged once per outage, retried with backoff as InstanceLease does.
                if (++failures == 1)
                {
                    Log.CampaignFailed(_logger, e, _definition.Stream, _definition.Name, _instance, failures);
                }

                await Task.Delay(RetryBackoff.Delay(failures), _time, stopping);
                continue;
            }

            if (token is not { } fencingToken)
            {
                // Another process leads: try again once it had a chance to renew, so a dead leader is replaced within
                // the lease time plus one interval.
                await Task.Delay(_renewInterval, _time, stopping);
                continue;
            }

            var (end, failure) = await LeadAsync(new LeaderFence(_leaseKey, prefix + fencingToken.ToString(CultureInfo.InvariantCulture), fencingToken), sentAt, stopping);
            crashes = end == TermEnd.WorkFailed ? crashes + 1 : 0;
            var pause = end switch
            {
                TermEnd.WorkFailed => Max(_renewInterval, RetryBackoff.Delay(crashes)),
                TermEnd.WorkReturned => _renewInterval,
                _ => TimeSpan.Zero,
            };
            if (failure is not null)
            {
                // Also when the work threw after its term was lost: a bug worth an Error either way.
                Log.LeaderWorkFailed(_logger, failure, _definition.Stream, _definition.Name, fencingToken, pause.TotalMilliseconds);
            }

            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, _time, stopping);
            }
        }
    }

    /// <summary><c>{instance}/{32 hex}/</c>: the lease value without its token, which the acquire script appends.</summary>
    private string NewValuePrefix() => string.Concat(_instance, "/", Guid.NewGuid().ToString("N"), "/");

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>How a term ended.</summary>
    private enum TermEnd
    {
        /// <summary>A renewal was refused: another process holds the lease.</summary>
        Refused,

        /// <summary>The work's fenced write was refused (<see cref="LeadershipLostException"/>): another process holds the lease.</summary>
        FenceRefused,

        /// <summary>The local deadline passed without a successful renewal.</summary>
        DeadlinePassed,

        /// <summary>The work returned on its own.</summary>
        WorkReturned,

        /// <summary>The work threw.</summary>
        WorkFailed,

        /// <summary>The host is stopping.</summary>
        Stopping,
    }
}
