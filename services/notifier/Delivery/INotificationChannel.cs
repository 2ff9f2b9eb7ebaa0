using Fleet.Contracts;
using Fleet.Notifier.Preferences;

namespace Fleet.Notifier.Delivery;

/// <summary>
/// One way to reach a user. A delivery returns its outcome, failures included; it throws only when cancelled (the
/// handler's token: the process stops or the processing timeout passed), so the notification stays pending.
/// </summary>
internal interface INotificationChannel
{
    NotificationChannel Channel { get; }

    ValueTask<ChannelOutcome> DeliverAsync(Notification notification, UserPreferences preferences, CancellationToken cancellationToken);
}
