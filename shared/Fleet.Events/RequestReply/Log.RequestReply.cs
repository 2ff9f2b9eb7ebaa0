using Fleet.Redis;
using Microsoft.Extensions.Logging;

namespace Fleet.Events;

/// <content>Request/response logs (EventIds 3000-3999).</content>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Debug, Message = "Response reader of {Stream} started after entry {EntryId}")]
    public static partial void ResponseReaderStarted(ILogger logger, string stream, RedisStreamId entryId);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Response reader of {Stream} could not read (failure {Attempt}); retrying in {DelayMs} ms")]
    public static partial void ResponseReadFailed(ILogger logger, Exception exception, string stream, int attempt, double delayMs);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Response reader of {Stream} reads again after {Attempt} failures, from entry {EntryId}")]
    public static partial void ResponseReaderResumed(ILogger logger, string stream, RedisStreamId entryId, int attempt);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "Response reader of {Stream} skipped malformed entry {EntryId}: {Reason}")]
    public static partial void MalformedResponseSkipped(ILogger logger, string stream, RedisStreamId entryId, string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "No {EventType} event with correlation id {CorrelationId} arrived on {Stream} within {TimeoutMs} ms")]
    public static partial void EventWaitTimedOut(ILogger logger, string stream, string eventType, Ulid correlationId, double timeoutMs);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "Response reader of {Stream} stopped")]
    public static partial void ResponseReaderStopped(ILogger logger, string stream);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Error, Message = "Response reader of {Stream} could not dispatch entry {EntryId}; it skipped the entry")]
    public static partial void ResponseDispatchFailed(ILogger logger, Exception exception, string stream, RedisStreamId entryId);
}
