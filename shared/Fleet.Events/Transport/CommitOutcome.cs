namespace Fleet.Events.Transport;

/// <summary>What a commit of staged writes did (<see cref="IEventTransport.CommitAsync"/>).</summary>
internal enum CommitOutcome
{
    /// <summary>The writes were applied, the mark set (with the guard) and the entry acknowledged, all at once.</summary>
    Applied,

    /// <summary>
    /// The entry was no longer pending in the group (another consumer that claimed it committed first, or it was
    /// dead-lettered): nothing was written.
    /// </summary>
    NotPending,

    /// <summary>The event's idempotency mark was set (its event id was handled before): the entry was acknowledged, nothing written.</summary>
    Duplicate,
}
