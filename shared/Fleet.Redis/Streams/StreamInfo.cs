namespace Fleet.Redis;

/// <summary>
/// A stream's state (XINFO STREAM). The properties Redis added in 7.0 are null on older servers.
/// </summary>
public sealed class StreamInfo
{
    /// <summary>Entries in the stream now.</summary>
    public long Length { get; init; }

    /// <summary>Keys in the stream's radix tree; null when the server does not report it.</summary>
    public long? RadixTreeKeys { get; init; }

    /// <summary>Nodes in the stream's radix tree; null when the server does not report it.</summary>
    public long? RadixTreeNodes { get; init; }

    /// <summary>The id of the last entry ever added (it may have been deleted since).</summary>
    public RedisStreamId LastGeneratedId { get; init; }

    /// <summary>The largest id deleted from the stream (XDEL or trimming); Redis 7 and later.</summary>
    public RedisStreamId? MaxDeletedEntryId { get; init; }

    /// <summary>Entries ever added, deleted ones included; Redis 7 and later.</summary>
    public long? EntriesAdded { get; init; }

    /// <summary>The first id still in the stream as Redis recorded it; Redis 7 and later.</summary>
    public RedisStreamId? RecordedFirstEntryId { get; init; }

    /// <summary>Consumer groups defined on the stream.</summary>
    public long Groups { get; init; }

    /// <summary>The oldest entry; null for an empty stream.</summary>
    public StreamEntry? FirstEntry { get; init; }

    /// <summary>The newest entry; null for an empty stream.</summary>
    public StreamEntry? LastEntry { get; init; }
}
