using Fleet.Events.Transport;
using Fleet.Events.Transport.InMemory;
using Fleet.Redis;

namespace Fleet.Events;

/// <content>Consumer groups: XGROUP CREATE, XREADGROUP, XACK, XAUTOCLAIM, XPENDING and the numbers of XINFO GROUPS.</content>
public sealed partial class InMemoryEventTransport
{
    ValueTask<bool> IEventTransport.EnsureGroupAsync(string stream, string group, string startId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(startId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();

            // MKSTREAM: a group may be created before anything was published.
            if (!_streams.TryGetValue(stream, out var found))
            {
                found = new InMemoryStream();
                _streams.Add(stream, found);
            }

            if (found.Groups.ContainsKey(group))
            {
                return ValueTask.FromResult(false);
            }

            // "$" is the last id the stream ever generated; "0" (or any id) is taken as it is.
            var start = startId == "$" ? found.LastId : RedisStreamId.Parse(startId);
            found.Groups.Add(group, new InMemoryGroup(start));
            return ValueTask.FromResult(true);
        }
    }

    async ValueTask<IReadOnlyList<StreamEntry>> IEventTransport.ReadGroupAsync(string stream, string group, string consumer, string position, int count, TimeSpan? block, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentNullException.ThrowIfNull(position);
        cancellationToken.ThrowIfCancellationRequested();
        var history = position != ">";
        var after = history ? RedisStreamId.Parse(position) : default;
        var deadline = block is { } time ? DeadlineOf(time) : null;
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                ThrowIfDisposed();
                var (found, consumerGroup) = GroupOf(stream, group);
                if (history)
                {
                    // An explicit id never blocks (XREADGROUP ignores BLOCK when reading the history).
                    return ReadHistoryLocked(found, consumerGroup, consumer, after, count);
                }

                var entries = found.After(consumerGroup.LastDeliveredId, count);
                if (entries.Count > 0)
                {
                    var now = NowMilliseconds;
                    foreach (var entry in entries)
                    {
                        consumerGroup.Pending[entry.Id] = new PendingEntry(consumer, now);
                    }

                    consumerGroup.LastDeliveredId = entries[^1].Id;
                    return entries;
                }

                if (block is null)
                {
                    return entries;
                }

                // A deletion of the stream wakes this signal too; the next pass then throws, as Redis 7 ends a blocked
                // XREADGROUP with UNBLOCKED (stream deleted) or NOGROUP (group destroyed).
                signal = SignalOf(stream);
            }

            if (!await WaitAsync(signal, deadline, cancellationToken))
            {
                return [];
            }
        }
    }

    ValueTask<long> IEventTransport.AckAsync(string stream, string group, IReadOnlyList<RedisStreamId> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(ids);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            long acknowledged = 0;
            foreach (var id in ids)
            {
                acknowledged += AckLocked(stream, group, id) ? 1 : 0;
            }

            return ValueTask.FromResult(acknowledged);
        }
    }

    ValueTask<StreamAutoClaimResult> IEventTransport.AutoClaimAsync(string stream, string group, string consumer, TimeSpan minIdle, RedisStreamId start, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            var (found, consumerGroup) = GroupOf(stream, group);
            var pending = consumerGroup.Pending;
            var now = NowMilliseconds;
            var minIdleMilliseconds = (long)minIdle.TotalMilliseconds;
            var claimed = new List<StreamEntry>();
            var deleted = new List<RedisStreamId>();

            // As xautoclaimCommand: at most COUNT*10 pending entries are examined; claimed and deleted ids both count
            // towards COUNT; deleted ones leave the pending list whatever their idle time.
            var attempts = count * 10L;
            var remaining = count;
            var index = consumerGroup.FirstPendingAtOrAfter(start);
            while (attempts-- > 0 && remaining > 0 && index < pending.Count)
            {
                var id = pending.Keys[index];
                var entry = found.Find(id);
                if (entry is null)
                {
                    pending.RemoveAt(index);
                    deleted.Add(id);
                    remaining--;
                    continue;
                }

                var nack = pending.Values[index];
                index++;
                if (now - nack.DeliveredAtMilliseconds < minIdleMilliseconds)
                {
                    continue;
                }

                nack.Consumer = consumer;
                nack.DeliveredAtMilliseconds = now;
                nack.DeliveryCount++;
                claimed.Add(entry);
                remaining--;
            }

            var next = index < pending.Count ? pending.Keys[index] : RedisStreamId.Zero;
            return ValueTask.FromResult(new StreamAutoClaimResult(next, claimed, deleted));
        }
    }

    ValueTask<IReadOnlyList<StreamPendingEntry>> IEventTransport.PendingAsync(string stream, string group, RedisStreamId first, RedisStreamId last, int count, string? consumer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(group);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            var (_, consumerGroup) = GroupOf(stream, group);
            var pending = consumerGroup.Pending;
            var now = NowMilliseconds;
            var result = new List<StreamPendingEntry>();
            for (var index = consumerGroup.FirstPendingAtOrAfter(first); index < pending.Count && result.Count < count; index++)
            {
                var id = pending.Keys[index];
                if (id > last)
                {
                    break;
                }

                var nack = pending.Values[index];
                if (consumer is null || string.Equals(nack.Consumer, consumer, StringComparison.Ordinal))
                {
                    var idle = TimeSpan.FromMilliseconds(Math.Max(0, now - nack.DeliveredAtMilliseconds));
                    result.Add(new StreamPendingEntry(id, nack.Consumer, idle, nack.DeliveryCount));
                }
            }

            return ValueTask.FromResult<IReadOnlyList<StreamPendingEntry>>(result);
        }
    }

    ValueTask<GroupStatistics> IEventTransport.GetGroupStatisticsAsync(string stream, string deadLetterStream, string group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(deadLetterStream);
        ArgumentNullException.ThrowIfNull(group);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            long deadLetters = _streams.TryGetValue(deadLetterStream, out var dlq) ? dlq.Length : 0;
            if (!_streams.TryGetValue(stream, out var found))
            {
                return ValueTask.FromResult(new GroupStatistics(0, 0, 0, deadLetters));
            }

            // Lag counts the entries after the last-delivered id that are still in the stream; Redis (entries-added
            // minus entries-read) also counts trimmed ones, or reports none after an XDEL.
            return ValueTask.FromResult(found.Groups.TryGetValue(group, out var consumerGroup)
                ? new GroupStatistics(found.Length, consumerGroup.Pending.Count, found.CountAfter(consumerGroup.LastDeliveredId), deadLetters)
                : new GroupStatistics(found.Length, 0, 0, deadLetters));
        }
    }

    // XACK of one id; false when the stream, group or pending entry is missing (XACK answers 0, no error). Lock held.
    private bool AckLocked(string stream, string group, RedisStreamId id) =>
        _streams.TryGetValue(stream, out var found)
        && found.Groups.TryGetValue(group, out var consumerGroup)
        && consumerGroup.Pending.Remove(id);

    // NOGROUP: the stream key or the group is missing. Lock held.
    private (InMemoryStream Stream, InMemoryGroup Group) GroupOf(string stream, string group) =>
        _streams.TryGetValue(stream, out var found) && found.Groups.TryGetValue(group, out var consumerGroup)
            ? (found, consumerGroup)
            : throw new ConsumerGroupLostException(stream, group, null);

    // XREADGROUP with an id: the consumer's own pending entries after it. Each one still in the stream counts as
    // delivered again (delivery count +1, idle reset); a deleted one comes back without fields and stays pending.
    private List<StreamEntry> ReadHistoryLocked(InMemoryStream stream, InMemoryGroup group, string consumer, RedisStreamId after, int count)
    {
        var pending = group.Pending;
        var now = NowMilliseconds;
        var result = new List<StreamEntry>();
        for (var index = group.FirstPendingAtOrAfter(after); index < pending.Count && (count <= 0 || result.Count < count); index++)
        {
            var id = pending.Keys[index];
            var nack = pending.Values[index];
            if (id == after || !string.Equals(nack.Consumer, consumer, StringComparison.Ordinal))
            {
                continue;
            }

            if (stream.Find(id) is { } entry)
            {
                nack.DeliveredAtMilliseconds = now;
                nack.DeliveryCount++;
                result.Add(entry);
            }
            else
            {
                result.Add(StreamEntry.Deleted(id));
            }
        }

        return result;
    }
}
