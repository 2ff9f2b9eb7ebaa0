namespace Fleet.Events;

/// <summary>
/// Publishes events whose data is already JSON that the caller checked against its registered contract: an HTTP gateway
/// that read a request's data into the record, upcast and validated it, or a tool that re-publishes stored events. The
/// data is put into the envelope as it is, neither parsed, validated nor serialized again; everything else is what
/// <see cref="IEventPublisher.PublishAsync"/> does (a new ULID, the current time and trace context, the producer span,
/// the size limit, the stream's retention, the outbox when Redis is unreachable, fencing, and the
/// <c>fleet.events.published</c> counter). Registered with <see cref="IEventPublisher"/>, on the same publisher, so
/// both keep one order through the outbox.
/// </summary>
public interface IJsonEventPublisher
{
    /// <summary>
    /// Publishes one event of <paramref name="type"/> (a descriptor of this process's <see cref="EventTypeRegistry"/>)
    /// at <paramref name="version"/> (1 to <see cref="EventTypeDescriptor.Version"/>: consumers upcast older versions)
    /// with <paramref name="data"/>, a UTF-8 JSON object that the caller validated against that version's contract.
    /// Throws <see cref="ArgumentException"/> for a descriptor of another registry, a version out of range or empty
    /// data, and <see cref="EventTooLargeException"/> past <see cref="FleetEventsOptions.MaxEventBytes"/>.
    /// </summary>
    ValueTask<PublishResult> PublishJsonAsync(
        string stream, EventTypeDescriptor type, int version, ReadOnlyMemory<byte> data, PublishOptions? options = null, CancellationToken cancellationToken = default);
}
