using Fleet.Redis.Telemetry;

namespace Fleet.Redis.Connections;

/// <summary>
/// A command written to a connection and waiting for its reply. Replies arrive in the order commands
/// were written, so the connection keeps these in a FIFO queue. Exactly one outcome wins (reply,
/// connection failure, timeout or cancellation); a command that timed out or was cancelled stays
/// queued until its late reply arrives and is discarded, which keeps later replies matched.
/// </summary>
/// <remarks>
/// Replies are pooled, so a reference can outlive the command it was rented for (the timeout sweep
/// walks a snapshot of the queue while replies complete and go back to the pool). Every rent starts a
/// new generation, and the queue side acts only through a <see cref="PendingEntry"/> that carries the
/// generation it was queued with: deciding is one compare-and-swap of generation and decided bit
/// together, so a stale reference can neither complete, time out nor release a reused reply.
/// </remarks>
internal abstract class PendingReply : IThreadPoolWorkItem
{
    // (generation << 1) | decided. One word, so "still this command and undecided" is checked and changed at once.
    private int _state;
    private int _references;

    /// <summary>The command's name, for timeout and failure messages.</summary>
    public string CommandName { get; protected set; } = string.Empty;

    /// <summary>The timestamp (from the connection's <see cref="TimeProvider"/>) after which the command times out.</summary>
    public long Deadline { get; protected set; }

    /// <summary>The command's timeout, for the message.</summary>
    public TimeSpan Timeout { get; protected set; }

    /// <summary>The generation of the current rent; an entry queued with another one is stale.</summary>
    public int Generation => Volatile.Read(ref _state) >> 1;

    /// <summary>Whether generation <paramref name="generation"/> has an outcome (or is over: the reply was reused).</summary>
    public bool IsDecided(int generation) => Volatile.Read(ref _state) != generation << 1;

    /// <summary>Parses <paramref name="frame"/> as this command's reply; true when the caller still waits and must be signalled.</summary>
    public abstract bool TryDeliver(ReadOnlySpan<byte> frame, int generation);

    /// <summary>Chooses <paramref name="error"/> as the outcome of <paramref name="generation"/> unless another was chosen first.</summary>
    public virtual bool TryFail(Exception error, int generation)
    {
        if (!TryDecide(generation))
        {
            return false;
        }

        SetError(error);
        return true;
    }

    /// <summary>Completes the caller's <see cref="ValueTask{T}"/> with the chosen outcome.</summary>
    public abstract void Signal();

    /// <summary>Fails the command with a timeout when its deadline has passed; the signal runs on the thread pool.</summary>
    public void TimeOutIfDue(long now, int generation)
    {
        // Deadline may be read from a later rent, but then the generation no longer matches and the decision fails.
        if (now >= Deadline && TryDecide(generation))
        {
            SetError(new RedisTimeoutException(
                $"Redis {CommandName} got no reply within {Timeout.TotalMilliseconds:0} ms (CommandTimeout). The command may still run on the server."));
            ScheduleSignal();
        }
    }

    /// <summary>Signals on the thread pool, so that a caller's continuation never runs on a timer or reader thread.</summary>
    public void ScheduleSignal() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

    /// <summary>
    /// The connection is done with the command of <paramref name="generation"/> (its reply arrived or the connection
    /// failed). The queue holds a reference, so the generation cannot move on before this; a stale entry does nothing.
    /// </summary>
    public void ReleaseQueueSide(int generation)
    {
        if (Generation == generation)
        {
            Release();
        }
    }

    void IThreadPoolWorkItem.Execute() => Signal();

    /// <summary>
    /// Records <paramref name="error"/> as the outcome; called once, by whoever won the decision. Empty here: a reply
    /// whose TryFail keeps no error (a command queued in a transaction) has nothing to record.
    /// </summary>
    protected virtual void SetError(Exception error)
    {
    }

    protected bool TryDecide(int generation)
    {
        var undecided = generation << 1;
        return Interlocked.CompareExchange(ref _state, undecided | 1, undecided) == undecided;
    }

    /// <summary>Arms the reply for a new command: a new generation, undecided, referenced by the queue and the caller.</summary>
    protected void Prepare(string commandName, TimeSpan timeout, long deadline)
    {
        CommandName = commandName;
        Timeout = timeout;
        Deadline = deadline;
        _references = 2; // the connection's queue and the caller's await
        Volatile.Write(ref _state, ((_state >> 1) + 1) << 1);
    }

    /// <summary>The caller has read the result.</summary>
    protected void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Recycle();
        }
    }

    /// <summary>Counts a failed command in the client's metrics (<see cref="FleetRedisMetrics"/>).</summary>
    protected void RecordError(Exception error) => FleetRedisMetrics.RecordCommandError(CommandName, error);

    protected abstract void Recycle();
}
