namespace Fleet.Redis;

/// <summary>A consumer group's state (one element of XINFO GROUPS).</summary>
public sealed class StreamGroupInfo
{
    /// <summary>The group's name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Consumers in the group.</summary>
    public long Consumers { get; init; }

    /// <summary>Entries delivered to the group and not yet acknowledged.</summary>
    public long Pending { get; init; }

    /// <summary>The last id delivered to the group's consumers.</summary>
    public RedisStreamId LastDeliveredId { get; init; }

    /// <summary>
    /// The logical read counter (entries delivered so far); Redis 7 and later. Null when the server does not
    /// report it or cannot tell (after XGROUP SETID without ENTRIESREAD, for example).
    /// </summary>
    public long? EntriesRead { get; init; }

    /// <summary>
    /// Entries in the stream the group has not been delivered yet; Redis 7 and later. Null when the server does
    /// not report it, or when Redis cannot compute it (entries were deleted inside the unread range).
    /// </summary>
    public long? Lag { get; init; }
}
