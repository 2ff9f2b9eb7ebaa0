using Microsoft.Extensions.Logging;

namespace Fleet.Events;

/// <summary>Log records of publishing, the outbox, delayed delivery and notifications (EventIds 2000-2999).</summary>
internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Warning,
        "Redis is unreachable; publishing to the local outbox in {Directory} until it is back (first spooled: {EventType} on {Stream})")]
    public static partial void SpoolingStarted(ILogger logger, string directory, string stream, string eventType);

    [LoggerMessage(2001, LogLevel.Information, "Redis is reachable again; replayed {Count} spooled event(s) from the outbox in {Directory}")]
    public static partial void OutboxReplayed(ILogger logger, int count, string directory);

    [LoggerMessage(2002, LogLevel.Debug, "Outbox replay waits for Redis: {Count} event(s) spooled, next attempt in {RetryInterval}")]
    public static partial void OutboxReplayWaiting(ILogger logger, long count, TimeSpan retryInterval, Exception error);

    [LoggerMessage(2003, LogLevel.Error,
        "Outbox replay to {Stream} failed with an error other than Redis being unreachable; {Count} event(s) stay spooled and are retried in {RetryInterval}")]
    public static partial void OutboxReplayFailed(ILogger logger, string stream, long count, TimeSpan retryInterval, Exception error);

    [LoggerMessage(2004, LogLevel.Information, "Found {Count} event(s) spooled by an earlier run in the outbox in {Directory}; replaying them")]
    public static partial void OutboxRecovered(ILogger logger, int count, string directory);

    [LoggerMessage(2005, LogLevel.Error, "The outbox in {Directory} could not be opened to look for events spooled by an earlier run")]
    public static partial void OutboxOpenFailed(ILogger logger, string directory, Exception error);

    [LoggerMessage(2006, LogLevel.Error,
        "Stopping with {Count} event(s) still spooled in the outbox in {Directory}: Redis did not take them back in time. They are replayed when a process using this directory starts again")]
    public static partial void OutboxLeftSpooled(ILogger logger, long count, string directory);

    [LoggerMessage(2010, LogLevel.Warning, "Moving due delayed events onto {Stream} failed; retrying at the next tick")]
    public static partial void DelayedDeliveryFailed(ILogger logger, string stream, Exception error);

    [LoggerMessage(2011, LogLevel.Debug, "Moved {Count} due delayed event(s) onto {Stream}")]
    public static partial void DelayedDelivered(ILogger logger, string stream, int count);

    [LoggerMessage(2020, LogLevel.Warning, "Skipped a notification on {Channel}: it is not a valid {EventType} ({Reason})")]
    public static partial void NotificationMalformed(ILogger logger, string channel, string eventType, string reason);

    [LoggerMessage(2021, LogLevel.Error, "A notification handler for {EventType} failed on {Channel}; the subscription carries on")]
    public static partial void NotificationHandlerFailed(ILogger logger, string channel, string eventType, Exception error);

    [LoggerMessage(2022, LogLevel.Error,
        "The outbox in {Directory} could not be read; {Count} event(s) stay spooled and reading is retried in {RetryInterval}")]
    public static partial void OutboxReadFailed(ILogger logger, string directory, int count, TimeSpan retryInterval, Exception error);
}
