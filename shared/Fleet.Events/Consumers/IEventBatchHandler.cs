using System.Diagnostics.CodeAnalysis;

namespace Fleet.Events;

/// <summary>
/// Handles one event type in one consumer group a batch at a time: the entries of one read (or claim) of that type, in
/// stream order, in one call, with one DI scope (docs/events.md, "Batch handlers"; ADR 0012). Return normally to
/// acknowledge every entry not marked failed; mark an entry with <see cref="EventBatch{TEvent}.Fail"/> to retry it
/// (transient) or dead-letter it (<see cref="PermanentEventException"/>) alone, as a per-event handler's throw would;
/// throw to fail every entry of the batch.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It handles Fleet events, the domain's word; it is not a .NET event delegate.")]
public interface IEventBatchHandler<TEvent>
    where TEvent : class
{
    /// <summary>
    /// Handles the batch. <paramref name="cancellationToken"/> fires at the processing timeout (counted from the batch's
    /// delivery) or at shutdown.
    /// </summary>
    ValueTask HandleAsync(EventBatch<TEvent> batch, CancellationToken cancellationToken);
}
