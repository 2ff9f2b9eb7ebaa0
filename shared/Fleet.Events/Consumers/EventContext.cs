using Fleet.Events.Consumers;
using Fleet.Redis;

namespace Fleet.Events;

/// <summary>
/// One delivery of an event to a handler: the typed data, its envelope and where it came from, and the Redis writes the
/// handler stages to commit with the acknowledgement (<c>Stage…</c>).
/// </summary>
public sealed partial class EventContext<TEvent>
    where TEvent : class
{
    private readonly StagedWrites _writes;

    internal EventContext(TEvent data, EventEnvelope envelope, DeliveryInfo delivery, IServiceProvider services)
    {
        Services = services;
        Data = data;
        Envelope = envelope;
        Stream = delivery.Stream;
        Group = delivery.Group;
        Consumer = delivery.Consumer;
        EntryId = delivery.EntryId;
        DeliveryCount = delivery.DeliveryCount;
        _writes = delivery.Writes;
    }

    /// <summary>The event's data, validated.</summary>
    public TEvent Data { get; }

    /// <summary>The envelope: id, type, version, correlation, trace context.</summary>
    public EventEnvelope Envelope { get; }

    /// <summary>The stream name, e.g. <c>contextual.events</c>.</summary>
    public string Stream { get; }

    /// <summary>The consumer group.</summary>
    public string Group { get; }

    /// <summary>This instance's consumer name.</summary>
    public string Consumer { get; }

    /// <summary>The stream entry id.</summary>
    public RedisStreamId EntryId { get; }

    /// <summary>The services of this delivery's DI scope (disposed when the handler returns).</summary>
    public IServiceProvider Services { get; }

    /// <summary>How many times the entry has been delivered in this group, 1 on the first delivery.</summary>
    public long DeliveryCount { get; }

    /// <summary>
    /// Options for an event this one causes: same correlation id and user, causation id = this event's id.
    /// Use them for responses, so the requester's wait finds them.
    /// </summary>
    public PublishOptions FollowUp() => new()
    {
        CorrelationId = Envelope.CorrelationId,
        CausationId = Envelope.Id,
        UserId = Envelope.UserId,
    };
}
