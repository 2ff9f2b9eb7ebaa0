namespace Fleet.Redis;

/// <summary>A member of a sorted set with its score.</summary>
/// <param name="Member">The member (binary-safe).</param>
/// <param name="Score">The member's score.</param>
public readonly record struct SortedSetEntry(RedisValue Member, double Score);
