namespace Fleet.Events;

/// <summary>
/// A fenced write (<see cref="PublishOptions.Fence"/>) was refused because the lease no longer holds the fence's value:
/// this process is not the leader any more (another took over, or the lease expired). Nothing was written.
/// </summary>
public sealed class LeadershipLostException : FleetEventsException
{
    /// <summary>Creates the exception with a message.</summary>
    public LeadershipLostException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public LeadershipLostException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public LeadershipLostException()
    {
    }

    /// <summary>Creates the exception for a write refused under <paramref name="fence"/>.</summary>
    internal LeadershipLostException(LeaderFence fence, string what)
        : base($"Leadership lost: the lease {fence.LeaseKey} no longer holds {fence.Value} (fencing token {fence.Token}), so {what} was not written.")
    {
        Fence = fence;
    }

    /// <summary>The fence the refused write carried, when known.</summary>
    public LeaderFence? Fence { get; }
}
