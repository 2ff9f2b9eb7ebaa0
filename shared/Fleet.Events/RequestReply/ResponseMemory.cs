using System.Collections.Concurrent;

namespace Fleet.Events.RequestReply;

/// <summary>
/// The correlated events a response reader saw recently, by (type, correlation id), so a wait that begins after
/// its response arrived still finds it. Only the reader's loop writes; waits read concurrently. Entries leave
/// when older than the configured memory (by the time they were seen, on the injected clock, so a Redis clock
/// that runs ahead cannot age them early) or, oldest first, when more than the capacity are held.
/// </summary>
internal sealed class ResponseMemory
{
    /// <summary>Most events remembered per stream.</summary>
    internal const int DefaultCapacity = 100_000;

    private readonly ConcurrentDictionary<(string Type, Ulid CorrelationId), EventEnvelope> _events = new();
    private readonly Queue<Remembered> _order = new();
    private readonly TimeSpan _lifetime;
    private readonly int _capacity;
    private readonly TimeProvider _time;

    public ResponseMemory(TimeSpan lifetime, TimeProvider time, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _lifetime = lifetime;
        _time = time;
        _capacity = capacity;
    }

    /// <summary>How many events are remembered (takes every lock of the dictionary: for tests and diagnostics).</summary>
    public int Count => _events.Count;

    /// <summary>The remembered event of <paramref name="eventType"/> with <paramref name="correlationId"/>, if any.</summary>
    public bool TryGet(string eventType, Ulid correlationId, out EventEnvelope envelope) =>
        _events.TryGetValue((eventType, correlationId), out envelope!);

    /// <summary>Remembers a correlated event; called by the reader's loop only. A later event with the same key replaces it.</summary>
    public void Remember(EventEnvelope envelope, Ulid correlationId)
    {
        var key = (envelope.Type, correlationId);
        _events[key] = envelope;
        _order.Enqueue(new Remembered(key, envelope, _time.GetTimestamp()));
        while (_order.Count > _capacity)
        {
            Forget(_order.Dequeue());
        }
    }

    /// <summary>Forgets the events seen longer ago than the memory's lifetime; called by the reader's loop only.</summary>
    public void EvictExpired()
    {
        while (_order.TryPeek(out var oldest) && _time.GetElapsedTime(oldest.SeenAt) > _lifetime)
        {
            Forget(_order.Dequeue());
        }
    }

    // Removes the key only while it still maps to this event: a duplicate seen later keeps its own, younger slot.
    private void Forget(Remembered remembered) =>
        _events.TryRemove(KeyValuePair.Create(remembered.Key, remembered.Envelope));

    private readonly record struct Remembered((string Type, Ulid CorrelationId) Key, EventEnvelope Envelope, long SeenAt);
}
