using Fleet.Events.Transport;
using Fleet.Events.Transport.InMemory;
using Fleet.Redis;

namespace Fleet.Events;

/// <content>
/// The commit of handlers' staged writes with the entry's acknowledgement (the Redis transport's commit script), under
/// the lock, so it is atomic as the script is; and the plain keys those writes change.
/// </content>
public sealed partial class InMemoryEventTransport
{
    private InMemoryKeyspace? _keyspace;

    // Created on first use, under the lock.
    private InMemoryKeyspace Keyspace => _keyspace ??= new InMemoryKeyspace(() => NowMilliseconds);

    ValueTask<CommitOutcome> IEventTransport.CommitAsync(string stream, string group, RedisStreamId id, string? markKey, TimeSpan markTtl, IReadOnlyList<StagedWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(writes);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            var now = NowMilliseconds;
            if (markKey is not null && _marks.TryGetValue(markKey, out var expiresAt) && expiresAt > now)
            {
                AckLocked(stream, group, id);
                return ValueTask.FromResult(CommitOutcome.Duplicate);
            }

            if (!_streams.TryGetValue(stream, out var found) || !found.Groups.TryGetValue(group, out var consumerGroup) || !consumerGroup.Pending.ContainsKey(id))
            {
                return ValueTask.FromResult(CommitOutcome.NotPending);
            }

            foreach (var write in writes)
            {
                if (Keyspace.Refusal(write) is { } refusal)
                {
                    throw new InvalidOperationException(refusal);
                }
            }

            foreach (var write in writes)
            {
                Keyspace.Apply(write);
            }

            if (markKey is not null)
            {
                _marks[markKey] = now + Math.Max(1, (long)Math.Ceiling(markTtl.TotalMilliseconds));
            }

            consumerGroup.Pending.Remove(id);
            return ValueTask.FromResult(CommitOutcome.Applied);
        }
    }

    /// <summary>
    /// The value a staged write left at <paramref name="key"/> (a string, <c>Dictionary&lt;string, string&gt;</c> for a
    /// hash, <c>Dictionary&lt;string, double&gt;</c> for a sorted set, <c>HashSet&lt;string&gt;</c> for a set), or null.
    /// </summary>
    internal object? Peek(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            ThrowIfDisposed();
            return _keyspace?.Get(key);
        }
    }
}
