using Fleet.Events.Consumers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fleet.Events;

/// <summary>Lists the handlers of one consumer group, explicitly, one per event type.</summary>
public sealed class ConsumerGroupBuilder
{
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
