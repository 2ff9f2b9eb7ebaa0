namespace Fleet.Ctl.Groups;

/// <summary>One stream's row of <c>fleetctl groups</c>: its length, its dead letters and the groups on it (and on its dead-letter keys).</summary>
internal sealed record StreamReport(string Name, long Length, long DeadLetters, IReadOnlyList<GroupReport> Groups);
