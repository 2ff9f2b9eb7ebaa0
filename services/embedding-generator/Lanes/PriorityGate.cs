using Fleet.Contracts;

namespace Fleet.EmbeddingGenerator.Lanes;

/// <summary>
/// The process's slots for model work (<see cref="EmbeddingGeneratorOptions.Concurrency"/>), shared by the three lanes'
/// consumer groups (ADR 0007). A free slot goes to a caller at once when nobody waits; otherwise callers wait in their
/// lane's queue (first come, first served within a lane) and each released slot goes to the lane
/// <see cref="WeightedRoundRobin"/> chooses. A cancelled wait leaves its queue and never takes a slot.
/// </summary>
internal sealed class PriorityGate
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter>[] _queues = [new(), new(), new()];
    private readonly WeightedRoundRobin _scheduler;
    private readonly int _slots;
    private int _inUse;

    public PriorityGate(int slots, int highWeight, int normalWeight, int lowWeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        _slots = slots;
        _scheduler = new WeightedRoundRobin(highWeight, normalWeight, lowWeight);
    }

    /// <summary>Slots held right now.</summary>
    public int InUse
    {
        get
        {
            lock (_lock)
            {
                return _inUse;
            }
        }
    }

    /// <summary>Callers waiting in <paramref name="priority"/>'s queue.</summary>
    public int Waiting(Priority priority)
    {
        lock (_lock)
        {
            return _queues[WeightedRoundRobin.IndexOf(priority)].Count;
        }
    }

    /// <summary>Takes a slot for work of <paramref name="priority"/>; dispose the lease to give it back.</summary>
    public ValueTask<GateLease> AcquireAsync(Priority priority, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var queue = _queues[WeightedRoundRobin.IndexOf(priority)];
        Waiter waiter;
        lock (_lock)
        {
            if (_inUse < _slots && NobodyWaits())
            {
                _inUse++;
                return ValueTask.FromResult(new GateLease(this));
            }

            waiter = new Waiter(this);
            waiter.Node = queue.AddLast(waiter);
        }

        // Registered outside the lock: a token cancelled meanwhile runs Cancel at once, which takes the lock.
        var registration = cancellationToken.UnsafeRegister(static state => ((Waiter)state!).Cancel(), waiter);
        lock (_lock)
        {
            waiter.Registration = registration;
        }

        return new ValueTask<GateLease>(waiter.Completion.Task);
    }

    internal void Release()
    {
        Waiter? next;
        CancellationTokenRegistration registration;
        lock (_lock)
        {
            next = Dequeue();
            if (next is null)
            {
                _inUse--;
                return;
            }

            // The slot passes straight to the next waiter: _inUse stays, so no newcomer can take it in between.
            next.Granted = true;
            registration = next.Registration;
        }

        registration.Dispose();
        next.Completion.TrySetResult(new GateLease(this));
    }

    private void Cancel(Waiter waiter)
    {
        lock (_lock)
        {
            if (waiter.Granted || waiter.Node?.List is null)
            {
                return;
            }

            waiter.Node.List.Remove(waiter.Node);
        }

        waiter.Completion.TrySetCanceled();
    }

    private Waiter? Dequeue()
    {
        var lane = _scheduler.Next(_queues[0].Count > 0, _queues[1].Count > 0, _queues[2].Count > 0);
        if (lane is not { } chosen)
        {
            return null;
        }

        var queue = _queues[WeightedRoundRobin.IndexOf(chosen)];
        var waiter = queue.First!.Value;
        queue.RemoveFirst();
        return waiter;
    }

    private bool NobodyWaits() => _queues[0].Count == 0 && _queues[1].Count == 0 && _queues[2].Count == 0;

    private sealed class Waiter(PriorityGate gate)
    {
        public TaskCompletionSource<GateLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        public bool Granted { get; set; }

        public void Cancel() => gate.Cancel(this);
    }
}
