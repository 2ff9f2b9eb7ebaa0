using Fleet.Redis;

namespace Fleet.Events.Transport.InMemory;

/// <summary>A consumer group of an <see cref="InMemoryStream"/>: its last-delivered id and its pending list in id order.</summary>
internal sealed class InMemoryGroup(RedisStreamId lastDeliveredId)
{
    /// <summary>The id XREADGROUP &gt; continues after.</summary>
    public RedisStreamId LastDeliveredId { get; set; } = lastDeliveredId;

    /// <summary>Delivered and not yet acknowledged entries (the group's PEL), ordered by id.</summary>
    public SortedList<RedisStreamId, PendingEntry> Pending { get; } = [];

    /// <summary>The index of the first pending id at or after <paramref name="id"/> (the PEL count when none is).</summary>
    public int FirstPendingAtOrAfter(RedisStreamId id)
    {
        var keys = Pending.Keys;
        int low = 0, high = keys.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (keys[middle] < id)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
