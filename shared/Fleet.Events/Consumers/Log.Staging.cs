using Microsoft.Extensions.Logging;

namespace Fleet.Events;

/// <content>The consumer runtime's records about handlers' staged writes (EventIds 1040-1049).</content>
internal static partial class Log
{
    [LoggerMessage(EventId = 1040, Level = LogLevel.Warning, Message = "Group {Group} handled entry {EntryId} ({EventType}) of {Stream} but could not commit its {Count} staged write(s) with the acknowledgement; nothing was written, it stays pending and is delivered again")]
    public static partial void StagedCommitFailed(ILogger logger, Exception exception, string stream, string group, Fleet.Redis.RedisStreamId entryId, string eventType, int count);

    [LoggerMessage(EventId = 1041, Level = LogLevel.Information, Message = "Entry {EntryId} ({EventType}) of {Stream} was no longer pending in group {Group} when its handler finished (another consumer claimed and committed it); its staged writes were discarded")]
    public static partial void StagedWritesOfSettledEntryDiscarded(ILogger logger, string stream, string group, Fleet.Redis.RedisStreamId entryId, string eventType);

    [LoggerMessage(EventId = 1042, Level = LogLevel.Information, Message = "Group {Group} had already handled event {EventId} ({EventType}) when entry {EntryId} of {Stream} finished; its staged writes were discarded and the entry acknowledged")]
    public static partial void StagedWritesOfDuplicateDiscarded(ILogger logger, string stream, string group, Fleet.Redis.RedisStreamId entryId, string eventType, Ulid eventId);
}
