namespace Fleet.Redis;

/// <summary>One entry of a group's pending list (extended XPENDING).</summary>
/// <param name="Id">The entry's id.</param>
/// <param name="Consumer">The consumer that owns it now.</param>
/// <param name="Idle">Time since it was last delivered to (or claimed by) a consumer.</param>
/// <param name="DeliveryCount">How often it was delivered: 1 after the first XREADGROUP; XCLAIM and XAUTOCLAIM add one.</param>
public readonly record struct StreamPendingEntry(RedisStreamId Id, string Consumer, TimeSpan Idle, long DeliveryCount);
