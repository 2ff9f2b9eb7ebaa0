namespace Fleet.DeadLetterReaper;

/// <summary>dead-letter-reaper's log records (EventIds 5300–5399; Alerts/ uses 5380–5399).</summary>
internal static partial class Log
{
    [LoggerMessage(5300, LogLevel.Information, "Dead letter {DeadLetterId} of {Stream} ({ErrorType}, group {Group}) re-driven as {NewEntryId}, re-drive {Redrives}")]
    public static partial void Redriven(ILogger logger, string stream, string deadLetterId, string errorType, string group, string newEntryId, int redrives);
}
