using Fleet.Contracts;
using Fleet.Notifier.Preferences;

namespace Fleet.Notifier.Delivery;

/// <summary>
/// Delivers a notification as one structured log line (Information: user, topic, subject, reference, delivery key;
/// the body only at Debug, as any payload). Always available; the channel of users without preferences.
/// </summary>
internal sealed class LogChannel(ILogger<LogChannel> logger) : INotificationChannel
{
    public NotificationChannel Channel => NotificationChannel.Log;

    public ValueTask<ChannelOutcome> DeliverAsync(Notification notification, UserPreferences preferences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        Log.NotificationLogged(logger, notification.UserId, notification.Topic, notification.Subject, notification.Reference, notification.DeliveryKey, notification.Id);
        Log.NotificationBody(logger, notification.Id, notification.Body);
        return ValueTask.FromResult(ChannelOutcome.Success(Channel, 1));
    }
}
