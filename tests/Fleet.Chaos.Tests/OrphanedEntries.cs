using Fleet.Redis;

namespace Fleet.Chaos.Tests;

/// <summary>The entries a SIGKILLed consumer process left pending under its consumer name.</summary>
internal sealed record OrphanedEntries(ConsumerRun Victim, IReadOnlyList<RedisStreamId> Ids);
