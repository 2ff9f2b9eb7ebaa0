using Fleet.Events.Telemetry;

namespace Fleet.Events;

/// <summary>
/// Counts, in <c>fleet.events.published</c> (outcome <c>sent</c>), events a process appends to a stream with a script of
/// its own instead of <see cref="IEventPublisher"/> or <see cref="IJsonEventPublisher"/>: an append that must be
/// conditional in the same atomic step as its XADD (event-gateway's replays, which skip what their job appended before),
/// which the publisher's unconditional XADD and its outbox cannot do. The metric then still counts every event the
/// process put on a stream.
/// </summary>
public static class PublishedEvents
{
    /// <summary>Counts <paramref name="events"/> events of <paramref name="eventType"/> appended to <paramref name="stream"/>.</summary>
    public static void CountSent(string stream, string eventType, int events = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentException.ThrowIfNullOrEmpty(eventType);
        ArgumentOutOfRangeException.ThrowIfNegative(events);
        if (events > 0)
        {
            FleetEventsTelemetry.Published.Add(
                events,
                new KeyValuePair<string, object?>("stream", stream),
                new KeyValuePair<string, object?>("type", eventType),
                new KeyValuePair<string, object?>("outcome", "sent"));
        }
    }
}
