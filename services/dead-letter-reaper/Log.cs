namespace Fleet.DeadLetterReaper;

/// <summary>dead-letter-reaper's log records (EventIds 5300–5379; Alerts/ uses 5380–5399). Payloads are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(5300, LogLevel.Information, "Dead letter {DeadLetterId} of {Stream} ({ErrorType}, group {Group}) re-driven as {NewEntryId}, re-drive {Redrives}")]
    public static partial void Redriven(ILogger logger, string stream, string deadLetterId, string errorType, string group, string newEntryId, int redrives);

    [LoggerMessage(5301, LogLevel.Warning, "Dead letter {DeadLetterId} of {Stream} ({ErrorType}, group {Group}) parked as {ParkedEntryId}: {Reason}")]
    public static partial void Parked(ILogger logger, string stream, string deadLetterId, string errorType, string group, string parkedEntryId, string reason);

    [LoggerMessage(5302, LogLevel.Information, "Dead letter {DeadLetterId} of {Stream} was deleted from the dead letters while pending; acknowledged, nothing to decide")]
    public static partial void DeadLetterGone(ILogger logger, string stream, string deadLetterId);

    [LoggerMessage(5303, LogLevel.Information, "Claimed {Count} dead letter(s) of {Stream} that another reaper held too long")]
    public static partial void Claimed(ILogger logger, int count, string stream);

    [LoggerMessage(5304, LogLevel.Warning, "The dead-letter loop failed ({Failures} in a row); reading again after a backoff")]
    public static partial void LoopFailed(ILogger logger, Exception exception, int failures);

    [LoggerMessage(5305, LogLevel.Error, "Dead letter {DeadLetterId} of {Stream} ({FieldCount} fields) could not be decided: the script was refused; it stays pending until the next start")]
    public static partial void DecisionRefused(ILogger logger, Exception exception, string stream, string deadLetterId, int fieldCount);

    [LoggerMessage(5310, LogLevel.Information, "Decision {Kind} of dead letter {DeadLetterId} on {Stream} (log entry {LogId}) published after a restart or by another replica")]
    public static partial void DecisionRecovered(ILogger logger, string stream, string kind, string deadLetterId, string logId);

    [LoggerMessage(5311, LogLevel.Warning, "Decision log entry {LogId} of {Stream} has kind '{Kind}', which the reaper does not write; deleted without an event")]
    public static partial void DecisionUnreadable(ILogger logger, string stream, string logId, string kind);

    [LoggerMessage(5312, LogLevel.Error, "Decision {Kind} of dead letter {DeadLetterId} on {Stream} (log entry {LogId}) cannot be announced: its event is invalid; dropped from the log")]
    public static partial void DecisionUnpublishable(ILogger logger, Exception exception, string stream, string logId, string kind, string deadLetterId);

    [LoggerMessage(5320, LogLevel.Information, "Re-drive request {RequestId} on {Stream} by '{RequestedBy}': {Selected} parked entries selected, {Redriven} re-driven")]
    public static partial void RedriveRequestHandled(ILogger logger, string requestId, string stream, string requestedBy, int selected, int redriven);

    [LoggerMessage(5321, LogLevel.Information, "Purge request {RequestId} on {Stream} by '{RequestedBy}': {Purged} parked entries deleted")]
    public static partial void PurgeRequestHandled(ILogger logger, string requestId, string stream, string requestedBy, int purged);

    [LoggerMessage(5330, LogLevel.Information, "Consumer {Consumer} of group {Group} on {StreamKey} ({Stream}) removed: idle {IdleMilliseconds} ms, nothing pending, no live instance")]
    public static partial void ConsumerRemoved(ILogger logger, string stream, string streamKey, string group, string consumer, long idleMilliseconds);

    [LoggerMessage(5331, LogLevel.Warning, "The dead consumer sweep failed; trying again at the next interval")]
    public static partial void SweepFailed(ILogger logger, Exception exception);
}
