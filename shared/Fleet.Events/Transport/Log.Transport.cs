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

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Redis at {Endpoint} refuses this client, so it cannot connect until the configuration or the server's ACL is fixed (it keeps retrying): {Reason}")]
    public static partial void ConnectionRefused(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "A handler of the Redis client's {EventName} event failed; the client carried on")]
    public static partial void ClientEventHandlerFailed(ILogger logger, Exception exception, string eventName);
}
