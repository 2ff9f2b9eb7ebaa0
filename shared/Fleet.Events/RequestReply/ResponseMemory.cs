using Fleet.Redis;

namespace Fleet.Events.RequestReply;

/// <summary>
/// Where the correlated events a response reader saw recently are, by (type, correlation id), so a wait that
/// begins after its response arrived still finds it. Only the entry id is kept, in a ring of slots with a chained
/// hash index over it: remembering an entry allocates nothing, so a busy response stream does not feed the oldest
/// GC generation with a minute of responses. The ring grows by doubling up to its capacity; then the oldest entry
/// makes room. Entries also leave when older than the configured memory, by the time they were seen on the injected
/// clock (a Redis clock running ahead cannot age them early). The reader's loop writes, waits read; a short lock
/// guards both.
/// </summary>
internal sealed class ResponseMemory
{
    /// <summary>Most entries remembered per stream.</summary>
    internal const int DefaultCapacity = 100_000;

    private const int InitialSlots = 256;

    private readonly Lock _gate = new();
    private readonly TimeSpan _lifetime;
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private Slot[] _slots;
    private int[] _buckets; // per bucket: index + 1 of the newest slot in its chain, 0 when empty
    private int _oldest;
    private int _count;

    public ResponseMemory(TimeSpan lifetime, TimeProvider time, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _lifetime = lifetime;
        _time = time;
        _capacity = capacity;
        _slots = new Slot[Math.Min(InitialSlots, capacity)];
        _buckets = new int[BucketCount(_slots.Length)];
    }

    /// <summary>How many entries are remembered.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>The entry id of the last event seen of <paramref name="eventType"/> with <paramref name="correlationId"/>, if any.</summary>
    public bool TryGet(string eventType, Ulid correlationId, out RedisStreamId entryId)
    {
        lock (_gate)
        {
            // Chains run newest first, so a duplicate seen later wins.
            for (var next = _buckets[BucketOf(correlationId)]; next != 0; next = _slots[next - 1].Next)
            {
                ref var slot = ref _slots[next - 1];
                if (slot.CorrelationId == correlationId && string.Equals(slot.Type, eventType, StringComparison.Ordinal))
                {
                    entryId = slot.EntryId;
                    return true;
                }
            }
        }

        entryId = default;
        return false;
    }

    /// <summary>Remembers where a correlated event is; called by the reader's loop only.</summary>
    public void Remember(string eventType, Ulid correlationId, RedisStreamId entryId)
    {
        var seenAt = _time.GetTimestamp();
        lock (_gate)
        {
            if (_count == _slots.Length)
            {
                if (_slots.Length < _capacity)
                {
                    Grow();
                }
                else
                {
                    ForgetOldest();
                }
            }

            var index = (_oldest + _count) % _slots.Length;
            var bucket = BucketOf(correlationId);
            _slots[index] = new Slot(eventType, correlationId, entryId, seenAt, _buckets[bucket]);
            _buckets[bucket] = index + 1;
            _count++;
        }
    }

    /// <summary>Forgets the entries seen longer ago than the memory's lifetime; called by the reader's loop only.</summary>
    public void EvictExpired()
    {
        lock (_gate)
        {
            while (_count > 0 && _time.GetElapsedTime(_slots[_oldest].SeenAt) > _lifetime)
            {
                ForgetOldest();
            }
        }
    }

    private void ForgetOldest()
    {
        var index = _oldest;
        var bucket = BucketOf(_slots[index].CorrelationId);

        // The oldest entry is last in its chain (chains are newest first): unlink it from its predecessor.
        if (_buckets[bucket] == index + 1)
        {
            _buckets[bucket] = _slots[index].Next;
        }
        else
        {
            var previous = _buckets[bucket] - 1;
            while (_slots[previous].Next != index + 1)
            {
                previous = _slots[previous].Next - 1;
            }

            _slots[previous].Next = _slots[index].Next;
        }

        _slots[index] = default;
        _oldest = (index + 1) % _slots.Length;
        _count--;
    }

    // Doubles the ring (up to the capacity) and re-indexes it, oldest first so the chains stay newest first.
    private void Grow()
    {
        var slots = new Slot[Math.Min(_slots.Length * 2, _capacity)];
        var buckets = new int[BucketCount(slots.Length)];
        for (var i = 0; i < _count; i++)
        {
            var slot = _slots[(_oldest + i) % _slots.Length];
            var bucket = (int)((uint)slot.CorrelationId.GetHashCode() & (uint)(buckets.Length - 1));
            slot.Next = buckets[bucket];
            slots[i] = slot;
            buckets[bucket] = i + 1;
        }

        _slots = slots;
        _buckets = buckets;
        _oldest = 0;
    }

    private int BucketOf(Ulid correlationId) => (int)((uint)correlationId.GetHashCode() & (uint)(_buckets.Length - 1));

    // Twice the slots, a power of two: chains stay short and a bucket is a mask away.
    private static int BucketCount(int slots) => (int)Math.Min(1u << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)slots * 2));

    private struct Slot(string type, Ulid correlationId, RedisStreamId entryId, long seenAt, int next)
    {
        public readonly string Type = type;
        public readonly Ulid CorrelationId = correlationId;
        public readonly RedisStreamId EntryId = entryId;
        public readonly long SeenAt = seenAt;
        public int Next = next;
    }
}
