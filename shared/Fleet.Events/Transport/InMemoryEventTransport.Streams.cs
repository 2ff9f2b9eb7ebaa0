using Fleet.Events.Transport;
using Fleet.Events.Transport.InMemory;
using Fleet.Redis;

namespace Fleet.Events;

/// <content>Streams without groups: XADD (with trimming) and XREAD.</content>
public sealed partial class InMemoryEventTransport
{
    ValueTask<RedisStreamId> IEventTransport.AppendAsync(string stream, IReadOnlyList<StreamField> fields, StreamTrim? trim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fields);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            return ValueTask.FromResult(AppendLocked(stream, fields, trim));
        }
    }

    ValueTask<RedisStreamId[]> IEventTransport.AppendBatchAsync(string stream, IReadOnlyList<IReadOnlyList<StreamField>> entries, StreamTrim? trim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(entries);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            var ids = new RedisStreamId[entries.Count];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = AppendLocked(stream, entries[i], trim);
            }

            return ValueTask.FromResult(ids);
        }
    }

    async ValueTask<IReadOnlyList<StreamEntry>> IEventTransport.ReadAsync(string stream, RedisStreamId after, int count, TimeSpan? block, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        cancellationToken.ThrowIfCancellationRequested();
        var deadline = block is { } time ? DeadlineOf(time) : null;
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                ThrowIfDisposed();
                var entries = _streams.TryGetValue(stream, out var found) ? found.After(after, count) : [];

                // XREAD blocked on a missing or deleted key keeps waiting for the key to appear (no error, unlike XREADGROUP).
                if (entries.Count > 0 || block is null)
                {
                    return entries;
                }

                signal = SignalOf(stream);
            }

            if (!await WaitAsync(signal, deadline, cancellationToken))
            {
                return [];
            }
        }
    }

    // XADD [trim] * fields; creates the stream and wakes the readers blocked on it. Call with the lock held.
    private RedisStreamId AppendLocked(string key, IReadOnlyList<StreamField> fields, StreamTrim? trim)
    {
        trim?.EnsureValid(nameof(trim));

        if (!_streams.TryGetValue(key, out var stream))
        {
            stream = new InMemoryStream();
            _streams.Add(key, stream);
        }

        var id = stream.Append(NowMilliseconds, fields);
        if (trim is { } rule)
        {
            stream.Trim(rule);
        }

        Wake(key);
        return id;
    }
}
