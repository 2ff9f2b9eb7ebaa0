using Microsoft.Extensions.Logging;

namespace Fleet.Events;

/// <content>Leader lease logs (EventIds 5000-5999).</content>
internal static partial class Log
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Leadership {Lease} on {Stream} gained by instance {Instance} with fencing token {FencingToken} (lease time {LeaseTimeMs} ms)")]
    public static partial void LeadershipGained(ILogger logger, string stream, string lease, string instance, long fencingToken, double leaseTimeMs);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Leadership {Lease} on {Stream} lost by instance {Instance} (fencing token {FencingToken}): {Reason}; the leader work was cancelled")]
    public static partial void LeadershipLost(ILogger logger, string stream, string lease, string instance, long fencingToken, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Leadership {Lease} on {Stream} given up by instance {Instance} (fencing token {FencingToken}): {Reason}")]
    public static partial void LeadershipGivenUp(ILogger logger, string stream, string lease, string instance, long fencingToken, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Error, Message = "Leader work {Lease} on {Stream} failed (fencing token {FencingToken}); the lease is released and campaigned for again in {DelayMs} ms")]
    public static partial void LeaderWorkFailed(ILogger logger, Exception exception, string stream, string lease, long fencingToken, double delayMs);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Instance {Instance} could not campaign for leadership {Lease} on {Stream} (failure {Attempt}); retrying with backoff")]
    public static partial void CampaignFailed(ILogger logger, Exception exception, string stream, string lease, string instance, int attempt);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Leader {Instance} could not renew leadership {Lease} on {Stream} (fencing token {FencingToken}, failure {Attempt}); the work stops in {RemainingMs} ms unless a renewal succeeds")]
    public static partial void RenewFailed(ILogger logger, Exception exception, string stream, string lease, string instance, long fencingToken, int attempt, double remainingMs);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Leadership {Lease} on {Stream} could not be released (fencing token {FencingToken}); it expires by itself within the lease time")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception, string stream, string lease, long fencingToken);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Leader work {Lease} on {Stream} (fencing token {FencingToken}) has not returned {WaitedMs} ms after its cancellation; fenced writes keep refusing it")]
    public static partial void LeaderWorkSlowToStop(ILogger logger, string stream, string lease, long fencingToken, double waitedMs);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Information, Message = "Instance {Instance} campaigns for leadership {Lease} on {Stream} (lease time {LeaseTimeMs} ms, renew interval {RenewIntervalMs} ms)")]
    public static partial void Campaigning(ILogger logger, string stream, string lease, string instance, double leaseTimeMs, double renewIntervalMs);
}
