namespace Fleet.Redis;

/// <summary>A consumer's share of a group's pending list (XPENDING summary).</summary>
/// <param name="Name">The consumer's name.</param>
/// <param name="Count">Entries delivered to it and not yet acknowledged.</param>
public readonly record struct StreamPendingConsumer(string Name, long Count);
