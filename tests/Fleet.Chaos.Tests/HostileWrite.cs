using Fleet.Redis;

namespace Fleet.Chaos.Tests;

/// <summary>A hostile entry as written: the id XADD returned and the entry.</summary>
internal sealed record HostileWrite(RedisStreamId EntryId, HostileEntry Entry);
