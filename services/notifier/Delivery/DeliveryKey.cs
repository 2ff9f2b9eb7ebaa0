using Fleet.Events;

namespace Fleet.Notifier.Delivery;

/// <summary>
/// The identity of one notification across re-publications (docs/fleet.md, "Delivery key"): <c>{causation id}:{topic}</c> when
/// the request has a causation id, else <c>{event id}:{topic}</c>. A file-processor that handles one upload twice
/// publishes a second <c>notification.requested</c> with a new event id but the same causation id, so it maps to the
/// same key and is not delivered again.
/// </summary>
internal static class DeliveryKey
{
    public static string Of(EventEnvelope envelope, string topic)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var cause = envelope.CausationId ?? envelope.Id;
        return string.Concat(cause.ToString(), ":", topic);
    }
}
