namespace Fleet.EventGateway.Api.Stats;

/// <summary>One consumer of a group (XINFO CONSUMERS).</summary>
/// <param name="Name">Its name (an instance name).</param>
/// <param name="Pending">Entries it holds unacknowledged.</param>
/// <param name="IdleMs">Milliseconds since its last read or claim.</param>
internal sealed record ConsumerStats(string Name, long Pending, long IdleMs);
