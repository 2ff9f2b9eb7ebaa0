using System.Diagnostics.CodeAnalysis;

namespace Fleet.Events;

/// <summary>
/// Handles one event type in one consumer group. Return normally to acknowledge; throw to retry (transient)
/// or throw <see cref="PermanentEventException"/> to dead-letter at once. Handlers are resolved from a new DI
/// scope per event.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It handles Fleet events, the domain's word; it is not a .NET event delegate.")]
public interface IEventHandler<TEvent>
    where TEvent : class
{
    /// <summary>Handles the event. <paramref name="cancellationToken"/> fires at the processing timeout or at shutdown.</summary>
    ValueTask HandleAsync(EventContext<TEvent> context, CancellationToken cancellationToken);
}
