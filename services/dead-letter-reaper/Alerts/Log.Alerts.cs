namespace Fleet.DeadLetterReaper;

/// <content>The alert evaluator's records (EventIds 5380–5399).</content>
internal static partial class Log
{
    [LoggerMessage(5380, LogLevel.Information, "Alert {AlertKey} raised: {Value} above {Threshold} (fencing token {FencingToken})")]
    public static partial void AlertRaised(ILogger logger, string alertKey, double value, double threshold, long fencingToken);

    [LoggerMessage(5381, LogLevel.Information, "Alert {AlertKey} resolved: {Value} within {Threshold} (fencing token {FencingToken})")]
    public static partial void AlertResolved(ILogger logger, string alertKey, double value, double threshold, long fencingToken);

    [LoggerMessage(5382, LogLevel.Warning, "Alert evaluation failed (fencing token {FencingToken}); trying again at the next interval")]
    public static partial void EvaluationFailed(ILogger logger, Exception exception, long fencingToken);

    [LoggerMessage(5383, LogLevel.Information, "Alert {AlertKey} was left {Status} by fencing token {PreviousToken} (transition {Transition}); its event was already published: {Published}")]
    public static partial void TransitionSettled(ILogger logger, string alertKey, string status, string transition, long previousToken, bool published);

    [LoggerMessage(5384, LogLevel.Debug, "Memory rule skipped: Redis has no maxmemory (used_memory {UsedMemory} bytes)")]
    public static partial void MemoryRuleSkipped(ILogger logger, long usedMemory);

    [LoggerMessage(5385, LogLevel.Warning, "Field {AlertKey} of {Key} is not an alert record; it is ignored and overwritten when the alert is raised")]
    public static partial void AlertRecordUnreadable(ILogger logger, Exception exception, string key, string alertKey);

    [LoggerMessage(5386, LogLevel.Information, "Alert evaluator leading (fencing token {FencingToken}), evaluating every {Interval}")]
    public static partial void EvaluatorLeading(ILogger logger, long fencingToken, TimeSpan interval);
}
