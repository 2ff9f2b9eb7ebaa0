namespace Fleet.Events.RequestReply;

/// <summary>
/// Every wait of this process for one (event type, correlation id) on one stream: they share one completion,
/// so the reader completes them all with one call and several waits for the same key all see the event.
/// The waiter count is lock-free: -1 marks a registration that was removed, so a late joiner registers anew
/// instead of joining one the reader can no longer find.
/// </summary>
internal sealed class PendingWait
{
    private readonly TaskCompletionSource<EventEnvelope> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waiters;

    public PendingWait(string eventType, Ulid correlationId)
    {
        EventType = eventType;
        CorrelationId = correlationId;
    }

    /// <summary>The awaited event type.</summary>
    public string EventType { get; }

    /// <summary>The awaited correlation id.</summary>
    public Ulid CorrelationId { get; }

    /// <summary>Completes with the first matching event (continuations run asynchronously, off the reader's loop).</summary>
    public Task<EventEnvelope> Task => _completion.Task;

    /// <summary>Joins this registration; false when it was removed already (register a new one).</summary>
    public bool TryJoin()
    {
        while (true)
        {
            var waiters = Volatile.Read(ref _waiters);
            if (waiters < 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _waiters, waiters + 1, waiters) == waiters)
            {
                return true;
            }
        }
    }

    /// <summary>Leaves this registration; true when it was the last waiter (the caller removes the registration).</summary>
    public bool Leave()
    {
        while (true)
        {
            var waiters = Volatile.Read(ref _waiters);
            var next = waiters == 1 ? -1 : waiters - 1;
            if (Interlocked.CompareExchange(ref _waiters, next, waiters) == waiters)
            {
                return next < 0;
            }
        }
    }

    /// <summary>Completes every waiter with <paramref name="envelope"/>; later matches are ignored.</summary>
    public void Complete(EventEnvelope envelope) => _completion.TrySetResult(envelope);

    /// <summary>Fails every waiter (the reader stopped).</summary>
    public void Fail(Exception error) => _completion.TrySetException(error);
}
