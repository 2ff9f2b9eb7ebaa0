namespace Fleet.EventGateway;

/// <summary>event-gateway's archive log records (EventIds 5400–5449). Payloads are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(5400, LogLevel.Information, "Archive migration {Migration} applied")]
    public static partial void MigrationApplied(ILogger logger, string migration);

    [LoggerMessage(5401, LogLevel.Information, "Archive schema up to date: {Applied} migration(s) applied now, {Known} known")]
    public static partial void SchemaReady(ILogger logger, int applied, int known);

    [LoggerMessage(5402, LogLevel.Critical, "The archive's schema cannot be migrated; the gateway stops")]
    public static partial void SchemaFailed(ILogger logger, Exception exception);

    [LoggerMessage(5403, LogLevel.Warning, "PostgreSQL unreachable while migrating the archive ({Failures} in a row); trying again in {DelayMilliseconds} ms")]
    public static partial void SchemaRetrying(ILogger logger, Exception exception, int failures, double delayMilliseconds);

    [LoggerMessage(5410, LogLevel.Information, "Archiver {Consumer} started on {Keys} key(s) (group {Group}, batch {BatchSize})")]
    public static partial void ArchiverStarted(ILogger logger, string consumer, string group, int keys, int batchSize);

    [LoggerMessage(5411, LogLevel.Warning, "The archiver failed ({Failures} in a row); nothing was acknowledged, reading its pending entries again in {DelayMilliseconds} ms")]
    public static partial void ArchiverFailed(ILogger logger, Exception exception, int failures, double delayMilliseconds);

    [LoggerMessage(5412, LogLevel.Information, "The archiver resumed after {Failures} failure(s)")]
    public static partial void ArchiverResumed(ILogger logger, int failures);

    [LoggerMessage(5413, LogLevel.Information, "Archiver recovered {Count} pending entr(ies) of {StreamKey} it had not acknowledged")]
    public static partial void PendingRecovered(ILogger logger, string streamKey, int count);

    [LoggerMessage(5414, LogLevel.Information, "Archiver claimed {Count} entr(ies) of {StreamKey} that another archiver held too long")]
    public static partial void Claimed(ILogger logger, string streamKey, int count);

    [LoggerMessage(5415, LogLevel.Warning, "Entry {EntryId} of {StreamKey} is not a valid envelope; archived as it came: {Reason}")]
    public static partial void MalformedArchived(ILogger logger, string streamKey, string entryId, string reason);

    [LoggerMessage(5416, LogLevel.Warning, "Entry {EntryId} of {StreamKey} was trimmed or deleted before the archiver wrote it; acknowledged, nothing to archive")]
    public static partial void EntryGone(ILogger logger, string streamKey, string entryId);

    [LoggerMessage(5417, LogLevel.Warning, "PostgreSQL refused a batch of {Count} entries ({SqlState}); writing them one by one")]
    public static partial void BatchRefused(ILogger logger, int count, string sqlState);

    [LoggerMessage(5418, LogLevel.Information, "Archiver group {Group} created on {StreamKey} (from the start of the stream)")]
    public static partial void GroupCreated(ILogger logger, string streamKey, string group);
}
