using Fleet.Events.Consumers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fleet.Events;

/// <summary>Lists the handlers of one consumer group, explicitly, one per event type.</summary>
public sealed class ConsumerGroupBuilder
{
    /// <summary>Entries per batch handler call unless given: as many as one XREADGROUP returns at most.</summary>
    public const int DefaultMaxBatchSize = 256;

    private readonly IServiceCollection _services;
    private readonly ConsumerGroupDefinition _definition;

    internal ConsumerGroupBuilder(IServiceCollection services, ConsumerGroupDefinition definition)
    {
        _services = services;
        _definition = definition;
    }

    /// <summary>
    /// Handles <typeparamref name="TEvent"/> with <typeparamref name="THandler"/>, resolved from a new scope per
    /// delivery. With <paramref name="partitionKey"/>, events sharing a key are handled in stream order even when
    /// <see cref="ConsumerGroupOptions.Concurrency"/> is above 1.
    /// </summary>
    public ConsumerGroupBuilder Handle<TEvent, THandler>(Func<TEvent, string?>? partitionKey = null)
        where TEvent : class
        where THandler : class, IEventHandler<TEvent>
    {
        _services.TryAddScoped<THandler>();
        return Add(new HandlerRegistration<TEvent, THandler>(partitionKey));
    }

    /// <summary>Handles <typeparamref name="TEvent"/> with a delegate.</summary>
    public ConsumerGroupBuilder Handle<TEvent>(Func<EventContext<TEvent>, CancellationToken, ValueTask> handler, Func<TEvent, string?>? partitionKey = null)
        where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(new DelegateHandlerRegistration<TEvent>(handler, partitionKey));
    }

    /// <summary>
    /// Handles <typeparamref name="TEvent"/> in batches with <typeparamref name="THandler"/>, resolved from one new scope
    /// per call: the entries of that type in one read (or claim), in stream order, at most
    /// <paramref name="maxBatchSize"/> per call. Every entry is still acknowledged, retried, dead-lettered or released on
    /// its own (docs/events.md, "Batch handlers"). <see cref="ConsumerGroupOptions.Concurrency"/> calls run at once;
    /// a group with a batch handler takes no partition key.
    /// </summary>
    public ConsumerGroupBuilder HandleBatch<TEvent, THandler>(int maxBatchSize = DefaultMaxBatchSize)
        where TEvent : class
        where THandler : class, IEventBatchHandler<TEvent>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _services.TryAddScoped<THandler>();
        return Add(new BatchHandlerRegistration<TEvent, THandler>(maxBatchSize));
    }

    /// <summary>Handles <typeparamref name="TEvent"/> in batches with a delegate (see <see cref="HandleBatch{TEvent, THandler}"/>).</summary>
    public ConsumerGroupBuilder HandleBatch<TEvent>(Func<EventBatch<TEvent>, CancellationToken, ValueTask> handler, int maxBatchSize = DefaultMaxBatchSize)
        where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        return Add(new DelegateBatchHandlerRegistration<TEvent>(handler, maxBatchSize));
    }

    /// <summary>Changes the group's <see cref="ConsumerGroupOptions"/>.</summary>
    public ConsumerGroupBuilder Configure(Action<ConsumerGroupOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(_definition.Options);
        return this;
    }

    private ConsumerGroupBuilder Add(HandlerRegistration registration)
    {
        if (_definition.Handlers.Exists(h => h.EventType == registration.EventType))
        {
            throw new InvalidOperationException($"Consumer group '{_definition.Group}' already has a handler for {registration.EventType.Name}.");
        }

        _definition.Handlers.Add(registration);
        return this;
    }
}
