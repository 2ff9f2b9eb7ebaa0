namespace Fleet.Redis;

/// <summary>A Pub/Sub message: the channel it was published to, its payload, and the pattern that matched (PSUBSCRIBE), if any.</summary>
/// <param name="Channel">The channel the message was published to.</param>
/// <param name="Message">The payload, binary-safe.</param>
/// <param name="Pattern">The pattern subscription that received it, or null for a plain channel subscription.</param>
public sealed record RedisChannelMessage(string Channel, RedisValue Message, string? Pattern);
