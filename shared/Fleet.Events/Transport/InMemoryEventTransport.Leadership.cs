using Fleet.Events.Transport;
using Fleet.Redis;

namespace Fleet.Events;

/// <content>
/// The leader lease and fenced appends, under the lock (atomic as the Redis transport's scripts are), on the plain keys
/// of the keyspace, so leader work and fenced publishing run in one process as they do on Redis.
/// </content>
public sealed partial class InMemoryEventTransport
{
    ValueTask<long?> IEventTransport.TryAcquireLeaseAsync(string leaseKey, string fenceKey, string valuePrefix, TimeSpan leaseTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leaseKey);
        ArgumentNullException.ThrowIfNull(fenceKey);
        ArgumentNullException.ThrowIfNull(valuePrefix);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            if (Keyspace.Get(leaseKey) is not null)
            {
                return ValueTask.FromResult<long?>(null);
            }

            var increment = new StagedWrite(StagedCommand.IncrementBy, fenceKey, 1, RedisValue.Null);
            if (Keyspace.Refusal(increment) is { } refusal)
            {
                throw new InvalidOperationException(refusal);
            }

            Keyspace.Apply(increment);
            var token = long.Parse((string)Keyspace.Get(fenceKey)!, System.Globalization.CultureInfo.InvariantCulture);
            Keyspace.Apply(new StagedWrite(StagedCommand.Set, leaseKey, valuePrefix + token.ToString(System.Globalization.CultureInfo.InvariantCulture), LeaseMilliseconds(leaseTime)));
            return ValueTask.FromResult<long?>(token);
        }
    }

    ValueTask<bool> IEventTransport.RenewLeaseAsync(string leaseKey, string value, TimeSpan leaseTime, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            if (!HoldsLocked(leaseKey, value))
            {
                return ValueTask.FromResult(false);
            }

            Keyspace.Apply(new StagedWrite(StagedCommand.Expire, leaseKey, LeaseMilliseconds(leaseTime), RedisValue.Null));
            return ValueTask.FromResult(true);
        }
    }

    ValueTask<bool> IEventTransport.ReleaseLeaseAsync(string leaseKey, string value, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            if (!HoldsLocked(leaseKey, value))
            {
                return ValueTask.FromResult(false);
            }

            Keyspace.Remove(leaseKey);
            return ValueTask.FromResult(true);
        }
    }

    ValueTask<RedisStreamId[]?> IEventTransport.AppendFencedAsync(
        string stream, IReadOnlyList<IReadOnlyList<StreamField>> entries, StreamTrim? trim, string leaseKey, string leaseValue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(entries);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            if (!HoldsLocked(leaseKey, leaseValue))
            {
                return ValueTask.FromResult<RedisStreamId[]?>(null);
            }

            var ids = new RedisStreamId[entries.Count];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = AppendLocked(stream, entries[i], trim);
            }

            return ValueTask.FromResult<RedisStreamId[]?>(ids);
        }
    }

    private bool HoldsLocked(string leaseKey, string value)
    {
        ArgumentNullException.ThrowIfNull(leaseKey);
        ArgumentNullException.ThrowIfNull(value);
        return Keyspace.Get(leaseKey) is string current && string.Equals(current, value, StringComparison.Ordinal);
    }

    // As the Redis transport sends PX: whole milliseconds, never 0.
    private static long LeaseMilliseconds(TimeSpan leaseTime) => Math.Max(1, (long)Math.Ceiling(leaseTime.TotalMilliseconds));
}
