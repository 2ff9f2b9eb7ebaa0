namespace Fleet.Redis.Connections;

/// <summary>
/// A command written to a connection and waiting for its reply. Replies arrive in the order commands
/// were written, so the connection keeps these in a FIFO queue. Exactly one outcome wins (reply,
/// connection failure, timeout or cancellation); a command that timed out or was cancelled stays
/// queued until its late reply arrives and is discarded, which keeps later replies matched.
/// </summary>
internal abstract class PendingReply : IThreadPoolWorkItem
{
    private int _decided;
    private int _references;

    /// <summary>The command's name, for timeout and failure messages.</summary>
    public string CommandName { get; protected set; } = string.Empty;

    /// <summary>The timestamp (from the connection's <see cref="TimeProvider"/>) after which the command times out.</summary>
    public long Deadline { get; protected set; }

    /// <summary>The command's timeout, for the message.</summary>
    public TimeSpan Timeout { get; protected set; }

    /// <summary>Whether an outcome has been chosen.</summary>
    public bool IsDecided => Volatile.Read(ref _decided) != 0;

    /// <summary>Parses <paramref name="frame"/> as this command's reply; true when the caller still waits and must be signalled.</summary>
    public abstract bool TryDeliver(ReadOnlySpan<byte> frame);

    /// <summary>Chooses <paramref name="error"/> as the outcome unless another was chosen first.</summary>
    public abstract bool TryFail(Exception error);

    /// <summary>Completes the caller's <see cref="ValueTask{T}"/> with the chosen outcome.</summary>
    public abstract void Signal();

    /// <summary>Fails the command with a timeout when its deadline has passed; the signal runs on the thread pool.</summary>
    public void TimeOutIfDue(long now)
    {
        if (now >= Deadline && TryFail(new RedisTimeoutException(
                $"Redis {CommandName} got no reply within {Timeout.TotalMilliseconds:0} ms (CommandTimeout). The command may still run on the server.")))
        {
            ScheduleSignal();
        }
    }

    /// <summary>Signals on the thread pool, so that a caller's continuation never runs on a timer or reader thread.</summary>
    public void ScheduleSignal() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

    /// <summary>The connection is done with this command (its reply arrived or the connection failed).</summary>
    public void ReleaseQueueSide() => Release();

    void IThreadPoolWorkItem.Execute() => Signal();

    protected bool TryDecide() => Interlocked.Exchange(ref _decided, 1) == 0;

    protected void Prepare(string commandName, TimeSpan timeout, long deadline)
    {
        CommandName = commandName;
        Timeout = timeout;
        Deadline = deadline;
        _decided = 0;
        _references = 2; // the connection's queue and the caller's await
    }

    /// <summary>The caller has read the result.</summary>
    protected void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Recycle();
        }
    }

    protected abstract void Recycle();
}
