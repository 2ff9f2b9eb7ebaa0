
namespace Fleet.Notifier;

/// <summary>notifier's log records (EventIds 5100–5199). Addresses are logged as hosts only; bodies only at Debug; secrets never.</summary>
internal static partial class Log
{
    [LoggerMessage(5100, LogLevel.Information, "Notification {NotificationId} for user {UserId}: [{Topic}] {Subject} (reference {Reference}, delivery key {DeliveryKey})")]
    public static partial void NotificationLogged(ILogger logger, string userId, string topic, string subject, string? reference, string deliveryKey, string notificationId);

    [LoggerMessage(5101, LogLevel.Debug, "Notification {NotificationId} body: {Body}")]
    public static partial void NotificationBody(ILogger logger, string notificationId, string body);

    [LoggerMessage(5102, LogLevel.Information, "Notification {NotificationId} delivered to user {UserId} by {Channel} in {Attempt} attempt(s)")]
    public static partial void Delivered(ILogger logger, string notificationId, string userId, string channel, int attempt);

    [LoggerMessage(5103, LogLevel.Warning, "Notification {NotificationId} not delivered to user {UserId} by {Channel} after {Attempt} attempt(s): {Reason}")]
    public static partial void Failed(ILogger logger, string notificationId, string userId, string channel, int attempt, string reason);

    [LoggerMessage(5104, LogLevel.Information, "Notification {NotificationId}: every channel of delivery key {DeliveryKey} was done before; nothing sent again")]
    public static partial void AlreadyDelivered(ILogger logger, string notificationId, string deliveryKey);

    [LoggerMessage(5105, LogLevel.Warning, "Notification {NotificationId} ({Topic}) for user {UserId} is over Notifier:RateLimit:PerMinute; every channel fails with rate_limited")]
    public static partial void RateLimited(ILogger logger, string userId, string notificationId, string topic);

    [LoggerMessage(5110, LogLevel.Warning, "Webhook to {Host} answered HTTP {StatusCode} after {Attempt} attempt(s): {Reason}")]
    public static partial void WebhookFailed(ILogger logger, string host, int statusCode, int attempt, string reason);

    [LoggerMessage(5111, LogLevel.Warning, "Webhook of notification {NotificationId} to {Host} failed after {Attempt} attempt(s): {ErrorType}: {Error}")]
    public static partial void WebhookUnreachable(ILogger logger, string notificationId, string host, int attempt, string errorType, string error);

    [LoggerMessage(5120, LogLevel.Warning, "E-mail of notification {NotificationId} through {Host} failed after {Attempt} attempt(s) ({Reason}): {ErrorType}: {Error}")]
    public static partial void EmailFailed(ILogger logger, string notificationId, string host, int attempt, string reason, string errorType, string error);

    [LoggerMessage(5130, LogLevel.Information, "Preferences of user {UserId} updated: channels [{Channels}] as of {Timestamp:O}")]
    public static partial void PreferencesUpdated(ILogger logger, string userId, string channels, DateTimeOffset timestamp);

    [LoggerMessage(5131, LogLevel.Information, "Preferences update {EventId} of user {UserId} from {Timestamp:O} is older than the kept one from {Kept:O}; ignored")]
    public static partial void StalePreferencesIgnored(ILogger logger, string userId, string eventId, DateTimeOffset timestamp, DateTimeOffset kept);

    [LoggerMessage(5132, LogLevel.Warning, "Preferences update {EventId} of user {UserId} refused: {Problem}")]
    public static partial void PreferencesRefused(ILogger logger, string userId, string eventId, string problem);
}
