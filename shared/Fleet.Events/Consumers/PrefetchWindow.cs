using Fleet.Redis;

namespace Fleet.Events.Consumers;

/// <summary>
/// The entries one consumer holds in process: read (XREADGROUP) or claimed (XAUTOCLAIM) and not yet finished. Never
/// more than <see cref="Capacity"/> (<see cref="ConsumerGroupOptions.Prefetch"/>), so a slow consumer does not hoard
/// entries that idle consumers could take. A read first reserves free slots, then admits what Redis returned; each
/// admitted entry is completed once it is settled: its XACK returned, or it was dead-lettered, left pending or
/// released at stop. Completing an entry twice is harmless.
/// The ids in hand also stop a claim from handing this consumer an entry it is still working on.
/// </summary>
/// <remarks>
/// Reads and claims reserve in two lanes. A read reserves every free slot and may then block in Redis for the whole
/// block timeout; a claim may use the slots that blocked read holds but has not filled (else an idle consumer, always
/// blocked in a read, could never claim). If new entries then arrive at the same moment, the window holds more than
/// its capacity for a while (at most twice), and the next read waits until it is half empty again.
/// </remarks>
internal sealed class PrefetchWindow
{
    private readonly Lock _gate = new();
    private readonly HashSet<RedisStreamId> _inHand;
    private int _reserved;
    private int _claimReserved;
    private int _count;
    private int _wanted;
    private TaskCompletionSource? _room;

    public PrefetchWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _inHand = new HashSet<RedisStreamId>(capacity);
    }

    /// <summary>The most entries held at once.</summary>
    public int Capacity { get; }

    /// <summary>Entries admitted and not yet completed.</summary>
    public int InHand => Volatile.Read(ref _count);

    /// <summary>Whether a reader is waiting for room: every slot is taken by work in progress.</summary>
    public bool IsFull => Volatile.Read(ref _room) is not null;

    /// <summary>
    /// Waits until at least <paramref name="minimum"/> slots are free, then reserves every free slot and returns how many.
    /// One caller waits at a time (the read loop).
    /// </summary>
    public async ValueTask<int> ReserveAsync(int minimum, CancellationToken cancellationToken)
    {
        minimum = Math.Clamp(minimum, 1, Capacity);
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                var free = Free();
                if (free >= minimum)
                {
                    _reserved += free;
                    return free;
                }

                _wanted = minimum;
                _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _room.Task;
            }

            await wait.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Reserves up to <paramref name="maximum"/> slots for a claim without waiting, counting what is in hand and other
    /// claims but not a read's reservation; returns how many (0 when the window is full of work).
    /// </summary>
    public int TryReserveForClaim(int maximum)
    {
        lock (_gate)
        {
            var reserved = Math.Min(Capacity - _inHand.Count - _claimReserved, maximum);
            if (reserved <= 0)
            {
                return 0;
            }

            _claimReserved += reserved;
            return reserved;
        }
    }

    /// <summary>Gives back <paramref name="reserved"/> slots that were not used (of a claim when <paramref name="claim"/>).</summary>
    public void Release(int reserved, bool claim = false)
    {
        TaskCompletionSource? room;
        lock (_gate)
        {
            Unreserve(reserved, claim);
            room = TakeRoomWaiter();
        }

        room?.TrySetResult();
    }

    /// <summary>
    /// Turns a reservation of <paramref name="reserved"/> slots into the entries Redis returned. Returns the entries now
    /// in hand: all of them, except those this consumer already holds (a claim can return an entry that waited in
    /// hand past the processing timeout), which must not be processed twice. Unused slots are given back; a claim's
    /// (<paramref name="claim"/>) to the claim lane.
    /// </summary>
    public IReadOnlyList<StreamEntry> Admit(int reserved, IReadOnlyList<StreamEntry> entries, bool claim = false)
    {
        List<StreamEntry>? admitted = null;
        TaskCompletionSource? room;
        lock (_gate)
        {
            Unreserve(reserved, claim);
            for (var i = 0; i < entries.Count; i++)
            {
                if (_inHand.Add(entries[i].Id))
                {
                    admitted?.Add(entries[i]);
                }
                else if (admitted is null)
                {
                    // Rare (claims only): copy what came before the duplicate and go on without it.
                    admitted = new List<StreamEntry>(entries.Count);
                    for (var j = 0; j < i; j++)
                    {
                        admitted.Add(entries[j]);
                    }
                }
            }

            _count = _inHand.Count;
            room = TakeRoomWaiter();
        }

        room?.TrySetResult();
        return admitted ?? entries;
    }

    /// <summary>Whether <paramref name="id"/> is in hand.</summary>
    public bool Contains(RedisStreamId id)
    {
        lock (_gate)
        {
            return _inHand.Contains(id);
        }
    }

    /// <summary>Marks the entry finished, freeing its slot.</summary>
    public void Complete(RedisStreamId id)
    {
        TaskCompletionSource? room;
        lock (_gate)
        {
            _inHand.Remove(id);
            _count = _inHand.Count;
            room = TakeRoomWaiter();
        }

        room?.TrySetResult();
    }

    /// <summary>Marks the entries finished (their XACK returned), freeing their slots under one lock.</summary>
    public void Complete(IReadOnlyList<RedisStreamId> ids)
    {
        TaskCompletionSource? room;
        lock (_gate)
        {
            for (var i = 0; i < ids.Count; i++)
            {
                _inHand.Remove(ids[i]);
            }

            _count = _inHand.Count;
            room = TakeRoomWaiter();
        }

        room?.TrySetResult();
    }

    private int Free() => Capacity - _inHand.Count - _reserved - _claimReserved;

    private void Unreserve(int reserved, bool claim)
    {
        if (claim)
        {
            _claimReserved -= reserved;
        }
        else
        {
            _reserved -= reserved;
        }
    }

    private TaskCompletionSource? TakeRoomWaiter()
    {
        if (_room is null || Free() < _wanted)
        {
            return null;
        }

        var room = _room;
        _room = null;
        return room;
    }
}
