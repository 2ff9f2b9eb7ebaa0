using Microsoft.Extensions.Logging;

namespace Fleet.Events;

/// <content>Transport logs (EventIds 4000-4999).</content>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Error, Message = "Subscriber handler for pattern {Pattern} failed on a message to {Channel}; the subscription keeps receiving")]
    public static partial void SubscriberHandlerFailed(ILogger logger, Exception exception, string pattern, string channel);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "A handler of the transport's Restored event failed")]
    public static partial void RestoredHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Connection to Redis at {Endpoint} restored")]
    public static partial void ConnectionRestored(ILogger logger, string endpoint);
}
