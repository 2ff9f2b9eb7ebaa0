namespace Fleet.DeadLetterReaper.Alerts;

/// <summary>One consumer group's figures.</summary>
/// <param name="Stream">The stream's name, <c>…:dlq</c> appended for a group on a dead-letter stream.</param>
/// <param name="Group">The group.</param>
/// <param name="Lag">Entries after the group's last-delivered id: Fleet's count (ADR 0005), not XINFO GROUPS' counter.</param>
/// <param name="Pending">Entries delivered to the group and not acknowledged.</param>
internal readonly record struct GroupReading(string Stream, string Group, long Lag, long Pending)
{
    /// <summary>The subject of the group's rules, <c>{stream}/{group}</c>.</summary>
    public string Subject => AlertRules.GroupSubject(Stream, Group);

    /// <summary>Entries the group has not finished: not read yet, or read and not acknowledged.</summary>
    public long Depth => Lag + Pending;
}
