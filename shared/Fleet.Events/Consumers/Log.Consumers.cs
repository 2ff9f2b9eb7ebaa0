using Microsoft.Extensions.Logging;

namespace Fleet.Events;

/// <summary>The consumer runtime's log records (EventIds 1000-1999). Payloads are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Consumer {Consumer} of group {Group} on {Stream} started (concurrency {Concurrency}, prefetch {Prefetch})")]
    public static partial void ConsumerStarted(ILogger logger, string stream, string group, string consumer, int concurrency, int prefetch);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Consumer {Consumer} of group {Group} on {Stream} stopped; {Released} unfinished entr(ies) stay pending for the next start or another instance")]
    public static partial void ConsumerStopped(ILogger logger, string stream, string group, string consumer, int released);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Consumer group {Group} on {Stream} could not be ensured at start; the consumer starts and keeps trying")]
    public static partial void GroupEnsureDeferred(ILogger logger, Exception exception, string stream, string group);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Consumer group {Group} on {Stream} no longer exists (Redis restarted without persistence, FLUSHALL or the stream was deleted); re-creating it from the start of the stream")]
    public static partial void GroupLost(ILogger logger, Exception exception, string stream, string group);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Consumer group {Group} on {Stream} was missing after the connection came back and was re-created from the start of the stream")]
    public static partial void GroupRecreatedAfterRestore(ILogger logger, string stream, string group);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Consumer {Consumer} of group {Group} on {Stream} could not read (failure {Attempt}); retrying in {DelayMs} ms")]
    public static partial void ReadFailed(ILogger logger, Exception exception, string stream, string group, string consumer, int attempt, double delayMs);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Consumer {Consumer} of group {Group} on {Stream} reads again after {Attempt} failure(s)")]
    public static partial void ReadResumed(ILogger logger, string stream, string group, string consumer, int attempt);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Consumer {Consumer} of group {Group} on {Stream} could not claim idle entries; trying again at the next claim interval")]
    public static partial void ClaimFailed(ILogger logger, Exception exception, string stream, string group, string consumer);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "Consumer {Consumer} of group {Group} on {Stream} claimed {Count} entr(ies) idle longer than the processing timeout")]
    public static partial void EntriesClaimed(ILogger logger, string stream, string group, string consumer, int count);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "Consumer {Consumer} of group {Group} on {Stream} resumes {Count} entr(ies) it had in hand before it restarted")]
    public static partial void PendingRecovered(ILogger logger, string stream, string group, string consumer, int count);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Entry {EntryId} of {Stream} was deleted or trimmed before group {Group} processed it; it is lost to this group")]
    public static partial void EntryLostBeforeProcessing(ILogger logger, string stream, string group, Fleet.Redis.RedisStreamId entryId);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Entry {EntryId} ({EventType}) of {Stream} moved to the dead-letter stream by group {Group} after {DeliveryCount} deliver(ies): {ErrorType}: {Reason}")]
    public static partial void DeadLettered(ILogger logger, string stream, string group, Fleet.Redis.RedisStreamId entryId, string eventType, long deliveryCount, string errorType, string reason);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "Entry {EntryId} ({EventType}) of {Stream} could not be moved to the dead-letter stream by group {Group}: {Error}; it stays pending and is retried. Further failures are counted until a move succeeds")]
    public static partial void DeadLetterFailed(ILogger logger, string stream, string group, Fleet.Redis.RedisStreamId entryId, string eventType, string error);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Debug, Message = "Handler of {EventType} in group {Group} failed on entry {EntryId} of {Stream} (attempt {Attempt})")]
    public static partial void HandlerAttemptFailed(ILogger logger, Exception exception, string stream, string group, Fleet.Redis.RedisStreamId entryId, string eventType, int attempt);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Warning, Message = "Handler of {EventType} in group {Group} failed on entry {EntryId} of {Stream} (delivery {DeliveryCount} of {MaxDeliveries}); it stays pending and is delivered again after the processing timeout")]
    public static partial void HandlerFailedRetryLater(ILogger logger, Exception exception, string stream, string group, Fleet.Redis.RedisStreamId entryId, string eventType, long deliveryCount, int maxDeliveries);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Debug, Message = "Group {Group} has no handler for {EventType}; entry {EntryId} of {Stream} acknowledged without work")]
    public static partial void NoHandler(ILogger logger, string stream, string group, Fleet.Redis.RedisStreamId entryId, string eventType);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Debug, Message = "Group {Group} already handled event {EventId} ({EventType}); entry {EntryId} of {Stream} acknowledged without running the handler")]
    public static partial void DuplicateSkipped(ILogger logger, string stream, string group, Fleet.Redis.RedisStreamId entryId, string eventType, Ulid eventId);

    [LoggerMessage(EventId = 1017, Level = LogLevel.Warning, Message = "Acknowledging {Count} entr(ies) of {Stream} in group {Group} failed (failure {Attempt}); retrying in {DelayMs} ms")]
    public static partial void AckFailed(ILogger logger, Exception exception, string stream, string group, int count, int attempt, double delayMs);

    [LoggerMessage(EventId = 1018, Level = LogLevel.Warning, Message = "{Count} acknowledgement(s) of {Stream} in group {Group} could not be sent before stop; those entries stay pending and are delivered again")]
    public static partial void AcksAbandoned(ILogger logger, string stream, string group, int count);

    [LoggerMessage(EventId = 1019, Level = LogLevel.Warning, Message = "Consumer {Consumer} of group {Group} on {Stream}: {Count} handler(s) still running after the shutdown timeout of {TimeoutMs} ms; cancelling them, their entries stay pending")]
    public static partial void ShutdownTimeoutReached(ILogger logger, string stream, string group, string consumer, int count, double timeoutMs);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Error, Message = "Consumer {Consumer} of group {Group} on {Stream}: a handler ignored cancellation at stop; the consumer stops without it and its entry stays pending")]
    public static partial void HandlerIgnoredCancellation(ILogger logger, string stream, string group, string consumer);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "Group {Group} on {Stream} has {Unprocessed} unprocessed entr(ies) (lag {Lag}, pending {Pending}), over 80% of the stream's retention of {MaxLength}: entries may be trimmed before they are handled")]
    public static partial void TrimHorizonNear(ILogger logger, string stream, string group, long unprocessed, long lag, long pending, long maxLength);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Debug, Message = "Sampling the statistics of group {Group} on {Stream} failed")]
    public static partial void StatisticsFailed(ILogger logger, Exception exception, string stream, string group);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Error, Message = "Consumer {Consumer} of group {Group} on {Stream} failed unexpectedly while processing entry {EntryId}; it stays pending")]
    public static partial void ProcessingFailed(ILogger logger, Exception exception, string stream, string group, string consumer, Fleet.Redis.RedisStreamId entryId);

    [LoggerMessage(EventId = 1024, Level = LogLevel.Warning, Message = "Handler of {EventType} in group {Group} did not finish entry {EntryId} of {Stream} within the processing timeout of {TimeoutMs} ms; it was cancelled")]
    public static partial void HandlerTimedOut(ILogger logger, string stream, string group, Fleet.Redis.RedisStreamId entryId, string eventType, double timeoutMs);

    [LoggerMessage(EventId = 1025, Level = LogLevel.Warning, Message = "Consumer group {Group} on {Stream} could not be checked after the connection came back; the read loop retries")]
    public static partial void GroupCheckAfterRestoreFailed(ILogger logger, Exception exception, string stream, string group);

    [LoggerMessage(EventId = 1026, Level = LogLevel.Warning, Message = "Group {Group} could not check whether event {EventId} (entry {EntryId} of {Stream}) was handled before: {Error}; it stays pending and is delivered again. Further failures are counted until a check succeeds")]
    public static partial void IdempotencyCheckFailed(ILogger logger, string stream, string group, Fleet.Redis.RedisStreamId entryId, Ulid eventId, string error);

    [LoggerMessage(EventId = 1027, Level = LogLevel.Warning, Message = "Group {Group} handled entry {EntryId} ({EventType}) of {Stream} but could not acknowledge it with its idempotency mark: {Error}; it stays pending and is delivered again. Further failures are counted until an acknowledgement succeeds")]
    public static partial void AckAndMarkFailed(ILogger logger, string stream, string group, Fleet.Redis.RedisStreamId entryId, string eventType, string error);

    [LoggerMessage(EventId = 1028, Level = LogLevel.Information, Message = "Entry {EntryId} of {Stream} waited in the hand of consumer {Consumer} of group {Group} past the processing timeout before its handler could start; it is left pending for the next claim (lower Prefetch if this repeats)")]
    public static partial void LetGoAfterWaiting(ILogger logger, string stream, string group, string consumer, Fleet.Redis.RedisStreamId entryId);

    [LoggerMessage(EventId = 1029, Level = LogLevel.Debug, Message = "Batch handler of {EventType} in group {Group} on {Stream} failed on a batch of {Count} entr(ies) (attempt {Attempt})")]
    public static partial void BatchAttemptFailed(ILogger logger, Exception error, string stream, string group, string eventType, int count, int attempt);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Redis at {Endpoint} is unreachable; consumer group {Group} on {Stream} is created and read once it is reachable")]
    public static partial void GroupDeferredUnreachable(ILogger logger, string stream, string group, string endpoint);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Redis at {Endpoint} is unreachable; whether consumer {Consumer} of group {Group} on {Stream} is this process's alone is checked, and the consumer reads, once it is reachable")]
    public static partial void InstanceCheckDeferred(ILogger logger, string stream, string group, string consumer, string endpoint);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Consumer {Consumer} of group {Group} on {Stream} is held (key {Key}); watching it for up to {LeaseMs} ms: renewed means another live process uses the name (this one refuses), expired means a crashed predecessor's (this one takes it)")]
    public static partial void InstanceNameHeld(ILogger logger, string stream, string group, string consumer, string key, double leaseMs);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Consumer {Consumer} of group {Group} on {Stream} (key {Key}) was not renewed by its holder, a predecessor that stopped without releasing it; it is now this process's, which resumes its pending entries")]
    public static partial void InstanceNameTakenOver(ILogger logger, string stream, string group, string consumer, string key);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Critical, Message = "{Reason} Stopping the application.")]
    public static partial void InstanceNameInUse(ILogger logger, string reason);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Critical, Message = "Consumer {Consumer} of group {Group} on {Stream} (key {Key}) was taken over by another process while this one could not renew it for {LeaseMs} ms (Redis unreachable, or this process paused); stopping the application so that two processes do not consume under one name")]
    public static partial void InstanceNameLost(ILogger logger, string stream, string group, string consumer, string key, double leaseMs);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Debug, Message = "Renewing consumer {Consumer}'s live-instance key {Key} failed; trying again at the next heartbeat")]
    public static partial void InstanceRenewFailed(ILogger logger, Exception exception, string consumer, string key);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Information, Message = "Consumer {Consumer}'s live-instance key {Key} could not be deleted at stop; it expires by itself")]
    public static partial void InstanceReleaseFailed(ILogger logger, Exception exception, string consumer, string key);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Debug, Message = "Group {Group}: {Operation} failed for entry {EntryId} of {Stream} (failure {Count} since the last success)")]
    public static partial void StreakFailure(ILogger logger, Exception exception, string stream, string group, string operation, Fleet.Redis.RedisStreamId entryId, int count);

    [LoggerMessage(EventId = 1109, Level = LogLevel.Information, Message = "Group {Group} on {Stream}: {Count} {Operation} failed in a row (Redis unreachable or refusing); those entries stayed pending and are delivered again")]
    public static partial void StreakEnded(ILogger logger, string stream, string group, int count, string operation);
}
