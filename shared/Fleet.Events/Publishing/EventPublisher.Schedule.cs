using Fleet.Events.Telemetry;
using Fleet.Events.Transport;

namespace Fleet.Events.Publishing;

/// <summary>Delayed delivery: the envelope goes into the stream's <c>…:scheduled</c> sorted set, scored by due time.</summary>
internal sealed partial class EventPublisher
{
    /// <inheritdoc/>
    /// <remarks>
    /// The envelope is built now (its id, timestamp and trace context are those of this call) and stored with ZADD in
    /// Redis, so any process that consumes the stream moves it onto the stream once due
    /// (<see cref="Scheduling.DelayedDeliveryService"/>), even after this one stopped. A due time that has passed
    /// publishes at once. Scheduling never spools: when Redis is unreachable it throws
    /// <see cref="FleetEventsException"/>, because a replayed delayed event would be delivered early.
    /// </remarks>
    public async ValueTask<Ulid> ScheduleAsync<T>(
        string stream, T data, DateTimeOffset dueAt, PublishOptions? options = null, CancellationToken cancellationToken = default)
        where T : class
    {
        if (options?.Fence is not null)
        {
            // Released later by whichever process moves due events, long after the lease may have changed hands.
            throw new ArgumentException("A fenced publish cannot be scheduled: the fence is checked when the event is appended, and a delayed event is appended later by any process.", nameof(options));
        }

        var prepared = Prepare(stream, data, options);
        using var activity = prepared.Activity;
        var (streamKey, eventType, eventId, now, fields) = (prepared.StreamKey, prepared.EventType, prepared.EventId, prepared.Now, prepared.Fields);
        if (dueAt <= now)
        {
            await SendAsync(stream, streamKey, eventType, eventId, fields, now, activity, cancellationToken);
            return eventId;
        }

        // Remembered before the ZADD: even when the call fails after Redis stored the member, this process moves it.
        _scheduledStreams.Add(stream);
        try
        {
            await _transport.ScheduleAsync(_keys.Scheduled(stream), ScheduledEventCodec.Encode(fields), dueAt, cancellationToken);
        }
        catch (Exception e)
        {
            FleetEventsTelemetry.RecordError(activity, e);
            Count(stream, eventType, Failed);
            if (_transport.IsUnavailable(e))
            {
                throw new FleetEventsException(
                    $"Redis is unreachable; event {eventId} of type '{eventType}' was not scheduled on '{stream}' (delayed events are never spooled).", e);
            }

            throw;
        }

        activity?.SetTag("fleet.event.due_at", EnvelopeCodec.FormatTimestamp(dueAt));
        Count(stream, eventType, Scheduled);
        return eventId;
    }
}
