using Fleet.Redis;

namespace Fleet.Events.Transport.InMemory;

/// <summary>
/// One stream key: its entries in id order, the last id it generated (kept after trimming, as Redis keeps
/// <c>last_id</c>, so ids never go back) and its consumer groups. Not thread-safe: the transport's lock guards it.
/// </summary>
internal sealed class InMemoryStream
{
    private readonly List<StreamEntry> _entries = [];

    /// <summary>The groups by name.</summary>
    public Dictionary<string, InMemoryGroup> Groups { get; } = new(StringComparer.Ordinal);

    /// <summary>The largest id ever added (0-0 for a new stream).</summary>
    public RedisStreamId LastId { get; private set; }

    /// <summary>Entries in the stream (XLEN).</summary>
    public int Length => _entries.Count;

    /// <summary>
    /// XADD with an auto id: <c>now-0</c>, or the last id's millisecond with the next sequence when the clock has not
    /// moved past it (same millisecond, or a clock that went back). Names and values are copied byte for byte: a caller may reuse its buffers.
    /// </summary>
    public RedisStreamId Append(long nowMilliseconds, IReadOnlyList<StreamField> fields)
    {
        var now = (ulong)Math.Max(0, nowMilliseconds);
        var id = now > LastId.Milliseconds ? new RedisStreamId(now, 0) : new RedisStreamId(LastId.Milliseconds, LastId.Sequence + 1);
        var copy = new StreamField[fields.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = fields[i].Copy();
        }

        _entries.Add(new StreamEntry(id, copy));
        LastId = id;
        return id;
    }

    /// <summary>
    /// XADD's trim clause: MAXLEN keeps the newest entries, MINID drops ids below the threshold. Approximate trimming
    /// is done exactly (Redis may keep more; never fewer); LIMIT caps the entries one call evicts.
    /// </summary>
    public void Trim(StreamTrim trim)
    {
        var evict = trim.Strategy switch
        {
            StreamTrimStrategy.MaxLength => Math.Max(0, _entries.Count - trim.Length),
            StreamTrimStrategy.MinId => IndexAfter(trim.Id, inclusive: true),
            _ => throw new ArgumentException("A default StreamTrim has no rule; create one with StreamTrim.MaxLength or StreamTrim.MinId.", nameof(trim)),
        };
        if (trim.Approximate && trim.Limit is > 0 and { } limit)
        {
            evict = Math.Min(evict, limit);
        }

        _entries.RemoveRange(0, (int)evict);
    }

    /// <summary>Up to <paramref name="count"/> entries (all when not positive) with ids after <paramref name="after"/>.</summary>
    public List<StreamEntry> After(RedisStreamId after, int count)
    {
        var start = IndexAfter(after, inclusive: false);
        var take = count > 0 ? Math.Min(count, _entries.Count - start) : _entries.Count - start;
        return _entries.GetRange(start, take);
    }

    /// <summary>How many entries have ids after <paramref name="after"/>.</summary>
    public long CountAfter(RedisStreamId after) => _entries.Count - IndexAfter(after, inclusive: false);

    /// <summary>The entry with <paramref name="id"/>, or null when it is not (or no longer) in the stream.</summary>
    public StreamEntry? Find(RedisStreamId id)
    {
        var index = IndexAfter(id, inclusive: true);
        return index < _entries.Count && _entries[index].Id == id ? _entries[index] : null;
    }

    /// <summary>The index of the first entry with an id above (or, when <paramref name="inclusive"/>, at or above) <paramref name="id"/>.</summary>
    private int IndexAfter(RedisStreamId id, bool inclusive)
    {
        int low = 0, high = _entries.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            var comparison = _entries[middle].Id.CompareTo(id);
            if (comparison < 0 || (comparison == 0 && !inclusive))
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
