using Fleet.Events.Transport;
using Fleet.Redis;

namespace Fleet.Events;

/// <content>
/// The atomic moves the Redis transport runs as scripts: dead-lettering, idempotency marks, delayed events. Each
/// runs under the lock, so it is atomic as a script is.
/// </content>
public sealed partial class InMemoryEventTransport
{
    // Idempotency marks (string keys) with their expiry in Unix milliseconds; expired ones are dropped when met.
    private readonly Dictionary<string, long> _marks = new(StringComparer.Ordinal);

    // Sorted sets of delayed events: member → due time in Unix milliseconds (the Redis score).
    private readonly Dictionary<string, Dictionary<string, long>> _sortedSets = new(StringComparer.Ordinal);
    private long _markWrites;

    ValueTask<bool> IEventTransport.DeadLetterAsync(string stream, string deadLetterStream, string group, RedisStreamId id, IReadOnlyList<StreamField> fields, StreamTrim? trim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(deadLetterStream);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(fields);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();

            // Only the call that removed the entry from the pending list writes the dead letter, so two consumers
            // racing on one entry (a claim crossing a slow handler) write it once.
            if (!AckLocked(stream, group, id))
            {
                return ValueTask.FromResult(false);
            }

            AppendLocked(deadLetterStream, fields, trim);
            return ValueTask.FromResult(true);
        }
    }

    ValueTask<bool> IEventTransport.IsProcessedAsync(string markKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(markKey);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            if (!_marks.TryGetValue(markKey, out var expiresAt))
            {
                return ValueTask.FromResult(false);
            }

            if (expiresAt > NowMilliseconds)
            {
                return ValueTask.FromResult(true);
            }

            _marks.Remove(markKey);
            return ValueTask.FromResult(false);
        }
    }

    ValueTask IEventTransport.AckAndMarkProcessedAsync(string stream, string group, RedisStreamId id, string markKey, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(markKey);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            var now = NowMilliseconds;

            // SET markKey 1 PX ttl, then XACK: the mark exists before the entry leaves the pending list.
            _marks[markKey] = now + Math.Max(1, (long)ttl.TotalMilliseconds);
            AckLocked(stream, group, id);

            // Redis expires keys on its own; here expired marks go in a sweep now and then.
            if (++_markWrites % 1024 == 0)
            {
                foreach (var expired in _marks.Where(mark => mark.Value <= now).Select(mark => mark.Key).ToList())
                {
                    _marks.Remove(expired);
                }
            }

            return ValueTask.CompletedTask;
        }
    }

    ValueTask IEventTransport.ScheduleAsync(string scheduledKey, string member, DateTimeOffset due, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduledKey);
        ArgumentNullException.ThrowIfNull(member);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            if (!_sortedSets.TryGetValue(scheduledKey, out var set))
            {
                set = new Dictionary<string, long>(StringComparer.Ordinal);
                _sortedSets.Add(scheduledKey, set);
            }

            // ZADD: a member added again moves to its new due time.
            set[member] = due.ToUnixTimeMilliseconds();
            return ValueTask.CompletedTask;
        }
    }

    ValueTask<int> IEventTransport.ReleaseDueAsync(string scheduledKey, string stream, string deadLetterStream, DateTimeOffset now, int max, StreamTrim? trim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduledKey);
        ArgumentNullException.ThrowIfNull(stream);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            if (max <= 0 || !_sortedSets.TryGetValue(scheduledKey, out var set))
            {
                return ValueTask.FromResult(0);
            }

            // ZRANGEBYSCORE key -inf now LIMIT 0 max: by score, then by member (byte order, which ordinal UTF-16
            // order matches for the ASCII JSON members).
            var limit = now.ToUnixTimeMilliseconds();
            var due = set.Where(member => member.Value <= limit)
                .OrderBy(member => member.Value)
                .ThenBy(member => member.Key, StringComparer.Ordinal)
                .Take(max)
                .Select(member => member.Key)
                .ToList();
            foreach (var member in due)
            {
                set.Remove(member);
                if (TryDecodeScheduled(member, out var fields))
                {
                    AppendLocked(stream, fields, trim);
                }
                else
                {
                    AppendLocked(deadLetterStream, UnreadableScheduled(member, stream, now), trim: null);
                }
            }

            if (set.Count == 0)
            {
                _sortedSets.Remove(scheduledKey);
            }

            return ValueTask.FromResult(due.Count);
        }
    }

    private static bool TryDecodeScheduled(string member, out StreamField[] fields)
    {
        try
        {
            fields = ScheduledEventCodec.Decode(member);
            return fields.Length > 0;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            fields = [];
            return false;
        }
    }

    private static StreamField[] UnreadableScheduled(string member, string stream, DateTimeOffset now) =>
    [
        new("scheduled_member", member),
        new(DeadLetterFields.SourceStream, StreamKeys.NameOf(stream)),
        new(DeadLetterFields.ErrorType, DeadLetterErrorTypes.Malformed),
        new(DeadLetterFields.ErrorMessage, "A scheduled event is not a JSON array of field names and values."),
        new(DeadLetterFields.FailedAt, EnvelopeCodec.FormatTimestamp(now)),
    ];
}
