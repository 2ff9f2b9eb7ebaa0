using System.Collections;

namespace Fleet.Events;

/// <summary>
/// The entries a <see cref="IEventBatchHandler{TEvent}"/> gets in one call: one <see cref="EventContext{TEvent}"/> per
/// entry (data, envelope, entry id, delivery count, staged writes of its own), in stream order, and what the handler
/// says failed. An entry not marked failed is acknowledged (its staged writes committed) when the handler returns.
/// </summary>
public sealed class EventBatch<TEvent> : IReadOnlyList<EventContext<TEvent>>
    where TEvent : class
{
    private readonly EventContext<TEvent>[] _items;
    private readonly Exception?[] _failures;

    internal EventBatch(EventContext<TEvent>[] items, IServiceProvider services)
    {
        _items = items;
        _failures = new Exception?[items.Length];
        Services = services;
    }

    /// <summary>The services of this call's DI scope (one for the batch, disposed when the handler returns).</summary>
    public IServiceProvider Services { get; }

    /// <summary>The entries, in stream order.</summary>
    public int Count => _items.Length;

    /// <summary>The entry at <paramref name="index"/>.</summary>
    public EventContext<TEvent> this[int index] => _items[index];

    /// <summary>
    /// Marks the entry at <paramref name="index"/> failed with <paramref name="error"/>: a
    /// <see cref="PermanentEventException"/> dead-letters it at once; any other error retries it in process (with the
    /// other entries that failed, in a batch of their own) and then leaves it pending for redelivery, exactly as the
    /// same exception thrown by a per-event handler. Its staged writes are dropped. The last mark of an entry counts.
    /// </summary>
    public void Fail(int index, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _items.Length);
        _failures[index] = error;
    }

    /// <summary>The failure marked for the entry at <paramref name="index"/>, or null.</summary>
    public Exception? FailureOf(int index) => _failures[index];

    /// <summary>Enumerates the entries in stream order.</summary>
    public IEnumerator<EventContext<TEvent>> GetEnumerator() => ((IEnumerable<EventContext<TEvent>>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
