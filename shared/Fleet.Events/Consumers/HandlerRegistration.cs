using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Events.Consumers;

/// <summary>One event type a consumer group handles: how to find its handler and its partition key.</summary>
internal abstract class HandlerRegistration
{
    /// <summary>The record type handled.</summary>
    public abstract Type EventType { get; }

    /// <summary>The partition key of <paramref name="data"/> (in-order handling per key), or null for none.</summary>
    public abstract string? PartitionKey(object data);

    /// <summary>Whether the registration has a partition key.</summary>
    public virtual bool HasPartitionKey => false;

    /// <summary>Runs the handler in <paramref name="services"/> (a scope created for this delivery).</summary>
    public abstract ValueTask InvokeAsync(IServiceProvider services, object data, EventEnvelope envelope, DeliveryInfo delivery, CancellationToken cancellationToken);
}

/// <summary>Where a delivery came from and where its handler stages writes, passed to <see cref="EventContext{TEvent}"/>.</summary>
internal readonly record struct DeliveryInfo(string Stream, string Group, string Consumer, Fleet.Redis.RedisStreamId EntryId, long DeliveryCount, StagedWrites Writes);

/// <summary>A handler type resolved from DI per delivery.</summary>
internal sealed class HandlerRegistration<TEvent, THandler>(Func<TEvent, string?>? partitionKey) : HandlerRegistration
    where TEvent : class
    where THandler : class, IEventHandler<TEvent>
{
    public override Type EventType => typeof(TEvent);

    public override string? PartitionKey(object data) => partitionKey?.Invoke((TEvent)data);

    public override bool HasPartitionKey => partitionKey is not null;

    public override ValueTask InvokeAsync(IServiceProvider services, object data, EventEnvelope envelope, DeliveryInfo delivery, CancellationToken cancellationToken) =>
        services.GetRequiredService<THandler>().HandleAsync(
            new EventContext<TEvent>((TEvent)data, envelope, delivery, services),
            cancellationToken);
}

/// <summary>A handler delegate.</summary>
internal sealed class DelegateHandlerRegistration<TEvent>(Func<EventContext<TEvent>, CancellationToken, ValueTask> handler, Func<TEvent, string?>? partitionKey) : HandlerRegistration
    where TEvent : class
{
    public override Type EventType => typeof(TEvent);

    public override string? PartitionKey(object data) => partitionKey?.Invoke((TEvent)data);

    public override bool HasPartitionKey => partitionKey is not null;

    public override ValueTask InvokeAsync(IServiceProvider services, object data, EventEnvelope envelope, DeliveryInfo delivery, CancellationToken cancellationToken) =>
        handler(
            new EventContext<TEvent>((TEvent)data, envelope, delivery, services),
            cancellationToken);
}
