namespace Fleet.Redis;

/// <summary>A group's pending list in brief (XPENDING key group).</summary>
public sealed class StreamPendingSummary
{
    /// <summary>Creates a summary.</summary>
    public StreamPendingSummary(long count, RedisStreamId? smallestId, RedisStreamId? largestId, IReadOnlyList<StreamPendingConsumer> consumers)
    {
        ArgumentNullException.ThrowIfNull(consumers);
        Count = count;
        SmallestId = smallestId;
        LargestId = largestId;
        Consumers = consumers;
    }

    /// <summary>Entries delivered and not yet acknowledged, over all consumers.</summary>
    public long Count { get; }

    /// <summary>The oldest pending id; null when nothing is pending.</summary>
    public RedisStreamId? SmallestId { get; }

    /// <summary>The newest pending id; null when nothing is pending.</summary>
    public RedisStreamId? LargestId { get; }

    /// <summary>Consumers with at least one pending entry, and how many each holds.</summary>
    public IReadOnlyList<StreamPendingConsumer> Consumers { get; }
}
