namespace Fleet.Events;

/// <summary>
/// One term of this process as leader of a lease (<see cref="FleetEventsBuilder.AddLeaderWork{TWork}"/>): given to
/// <see cref="ILeaderWork.RunAsync"/> when the lease is acquired, held until a renewal is refused, the local deadline
/// passes without a successful renewal, the work returns or the host stops. A later term is a new instance.
/// </summary>
public sealed class Leadership
{
    private readonly TimeProvider _time;
    private long _deadline;
    private volatile bool _lost;

    internal Leadership(string name, LeaderFence fence, TimeProvider time, long deadline)
    {
        Name = name;
        Fence = fence;
        _time = time;
        _deadline = deadline;
    }

    /// <summary>The lease's name, e.g. <c>market-collector</c>.</summary>
    public string Name { get; }

    /// <summary>The fencing token of this term: grows with every new holder (INCR of the fence counter), never reused.</summary>
    public long FencingToken => Fence.Token;

    /// <summary>What fenced writes check (<see cref="PublishOptions.Fence"/>, or a script of the application's own).</summary>
    public LeaderFence Fence { get; }

    /// <summary>
    /// Whether this process still leads: false once leadership was lost or given up, and as soon as the local deadline
    /// (<see cref="LeadershipOptions"/>) passed, even before the work's cancellation token fires.
    /// </summary>
    public bool IsHeld => !_lost && _time.GetTimestamp() < Volatile.Read(ref _deadline);

    /// <summary>The timestamp (<see cref="TimeProvider.GetTimestamp"/>) at which the term ends unless renewed.</summary>
    internal long Deadline => Volatile.Read(ref _deadline);

    /// <summary>Moves the deadline after a successful renewal.</summary>
    internal void Extend(long deadline) => Volatile.Write(ref _deadline, deadline);

    /// <summary>Marks the term over.</summary>
    internal void End() => _lost = true;
}
