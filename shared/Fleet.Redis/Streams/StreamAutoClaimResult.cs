namespace Fleet.Redis;

/// <summary>What XAUTOCLAIM did: the entries it moved to the caller, where to continue, and ids it dropped.</summary>
public sealed class StreamAutoClaimResult
{
    /// <summary>Creates a result.</summary>
    public StreamAutoClaimResult(RedisStreamId nextStart, IReadOnlyList<StreamEntry> entries, IReadOnlyList<RedisStreamId> deletedIds)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(deletedIds);
        NextStart = nextStart;
        Entries = entries;
        DeletedIds = deletedIds;
    }

    /// <summary>The start of the next scan; <see cref="RedisStreamId.Zero"/> when the whole pending list was scanned.</summary>
    public RedisStreamId NextStart { get; }

    /// <summary>The entries now owned by the claiming consumer (their delivery count went up by one).</summary>
    public IReadOnlyList<StreamEntry> Entries { get; }

    /// <summary>
    /// Pending ids the scan met whose entries no longer exist in the stream, however idle they were; Redis 7
    /// removed them from the pending list. Always empty on Redis 6.2, which does not report them.
    /// </summary>
    public IReadOnlyList<RedisStreamId> DeletedIds { get; }
}
