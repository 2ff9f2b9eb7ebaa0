using Fleet.Contracts;
using Fleet.Events;
using Fleet.Notifier.Delivery;
using Fleet.Notifier.Preferences;

namespace Fleet.Notifier.Handlers;

/// <summary>
/// <c>notification.requested</c> (group <c>notifier</c> on notification.events): delivers it on the user's channels
/// once per delivery key. It reads the key's marks and skips the channels already done, delivers on the others,
/// publishes <c>notification.delivered</c> or <c>notification.failed</c> per channel, and stages the marks so they
/// commit with the XACK. Every channel ends delivered or failed, so the entry is acknowledged (no retry loop); only
/// cancellation or Redis errors leave it pending.
/// </summary>
/// <remarks>
/// What stays at-least-once: a kill (or a failed publish) after a webhook or e-mail went out and before the commit
/// repeats that delivery on redelivery, with the same delivery key in Idempotency-Key / X-Fleet-Delivery-Key, which is
/// what receivers dedupe on.
/// </remarks>
internal sealed class NotificationRequestedHandler(
    PreferencesStore preferences,
    DeliveryMarks marks,
    NotificationDispatcher dispatcher,
    IEventPublisher publisher,
    ILogger<NotificationRequestedHandler> logger) : IEventHandler<NotificationRequested>
{
    public async ValueTask HandleAsync(EventContext<NotificationRequested> context, CancellationToken cancellationToken)
    {
        var request = context.Data;
        var envelope = context.Envelope;
        var deliveryKey = DeliveryKey.Of(envelope, request.Topic);
        var marksKey = context.StateKey(DeliveryMarks.Name(deliveryKey));
        var done = await marks.ReadAsync(marksKey, cancellationToken).ConfigureAwait(false);
        var userPreferences = await preferences.ReadAsync(request.UserId, cancellationToken).ConfigureAwait(false);
        var notification = new Notification(
            envelope.Id.ToString(), deliveryKey, request.UserId, request.Topic, request.Subject, request.Body, request.Reference, envelope.Timestamp);

        var outcomes = await dispatcher.DispatchAsync(notification, userPreferences, done, cancellationToken).ConfigureAwait(false);
        if (outcomes.Count == 0)
        {
            Log.AlreadyDelivered(logger, notification.Id, deliveryKey);
            return;
        }

        foreach (var outcome in outcomes)
        {
            await PublishAsync(context, notification, outcome, cancellationToken).ConfigureAwait(false);
            context.StageHashSet(marksKey, PreferenceFields.ChannelName(outcome.Channel), DeliveryMarks.Value(outcome));
        }

        context.StageExpire(marksKey, DeliveryMarks.Retention);
    }

    private async ValueTask PublishAsync(EventContext<NotificationRequested> context, Notification notification, ChannelOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Delivered)
        {
            Log.Delivered(logger, notification.Id, notification.UserId, PreferenceFields.ChannelName(outcome.Channel), outcome.Attempts);
            await publisher.PublishAsync(
                FleetStreams.Notification,
                new NotificationDelivered(notification.UserId, notification.Id, outcome.Channel, outcome.Attempts),
                context.FollowUp(),
                cancellationToken).ConfigureAwait(false);
            return;
        }

        Log.Failed(logger, notification.Id, notification.UserId, PreferenceFields.ChannelName(outcome.Channel), outcome.Attempts, outcome.Reason!);
        await publisher.PublishAsync(
            FleetStreams.Notification,
            new NotificationFailed(notification.UserId, notification.Id, outcome.Channel, outcome.Attempts, outcome.Reason!, Truncate(outcome.Message ?? outcome.Reason!)),
            context.FollowUp(),
            cancellationToken).ConfigureAwait(false);
    }

    // NotificationFailed.Message is at most 2 000 characters; an exception message can be longer.
    private static string Truncate(string message) => message.Length <= 2000 ? message : message[..2000];
}
