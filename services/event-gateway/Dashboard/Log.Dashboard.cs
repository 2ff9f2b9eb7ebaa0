namespace Fleet.EventGateway;

/// <content>The dashboard's log records (EventIds 6800–6849).</content>
internal static partial class Log
{
    [LoggerMessage(6800, LogLevel.Information, "Live tail of {Stream} started from entry {EntryId}")]
    public static partial void TailStarted(ILogger logger, string stream, string entryId);

    [LoggerMessage(6801, LogLevel.Information, "Live tail of {Stream} ended after entry {EntryId}")]
    public static partial void TailEnded(ILogger logger, string stream, string entryId);

    [LoggerMessage(6802, LogLevel.Warning, "Live tail of {Stream} could not read after entry {EntryId} ({Failures} in a row); reading again after a backoff")]
    public static partial void TailReadFailed(ILogger logger, Exception exception, string stream, string entryId, int failures);

    [LoggerMessage(6803, LogLevel.Warning, "Live tail of {Stream} refused: {MaxTailClients} tails run already (Dashboard:MaxTailClients)")]
    public static partial void TailRefused(ILogger logger, string stream, int maxTailClients);

    [LoggerMessage(6810, LogLevel.Warning, "Dashboard stats could not be read ({Failures} in a row); the next sample tries again")]
    public static partial void StatsReadFailed(ILogger logger, Exception exception, int failures);
}
