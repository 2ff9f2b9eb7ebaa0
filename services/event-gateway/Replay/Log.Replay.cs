namespace Fleet.EventGateway;

/// <summary>event-gateway's log records of replay jobs (EventIds 6600–6649). Payloads are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(6600, LogLevel.Information, "Replay job {JobId} created: {RatePerSecond} events/s to {TargetStream}")]
    public static partial void ReplayJobCreated(ILogger logger, string jobId, int ratePerSecond, string targetStream);

    [LoggerMessage(6601, LogLevel.Information, "Replay job {JobId} started by {Owner} at event {Published} (cursor {LastEventId})")]
    public static partial void ReplayJobStarted(ILogger logger, string jobId, string owner, long published, string? lastEventId);

    [LoggerMessage(6602, LogLevel.Information, "Replay job {JobId} completed: {Published} events published")]
    public static partial void ReplayJobCompleted(ILogger logger, string jobId, long published);

    [LoggerMessage(6603, LogLevel.Information, "Replay job {JobId} stopped on {Owner}: cancelled, or taken over by another replica")]
    public static partial void ReplayJobLost(ILogger logger, string jobId, string owner);

    [LoggerMessage(6604, LogLevel.Warning, "Replay job {JobId} failed (attempt {Failures} of {MaxFailures} in a row); retried from its saved cursor")]
    public static partial void ReplayJobAttemptFailed(ILogger logger, Exception exception, string jobId, int failures, int maxFailures);

    [LoggerMessage(6605, LogLevel.Error, "Replay job {JobId} failed: {Error}")]
    public static partial void ReplayJobFailed(ILogger logger, string jobId, string error);

    [LoggerMessage(6606, LogLevel.Information, "Replay job {JobId}: {Skipped} event(s) of {Stream} were already appended by an earlier runner of the job; not appended again")]
    public static partial void ReplayEventsAlreadyAppended(ILogger logger, string jobId, string stream, int skipped);

    [LoggerMessage(6607, LogLevel.Warning, "Looking for replay jobs failed ({Failures} in a row); trying again after a backoff")]
    public static partial void ReplayPollFailed(ILogger logger, Exception exception, int failures);

    [LoggerMessage(6608, LogLevel.Information, "Replay job {JobId} released at shutdown; another replica resumes it from its saved cursor")]
    public static partial void ReplayJobReleased(ILogger logger, string jobId);
}
