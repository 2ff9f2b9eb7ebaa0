using Fleet.Events.Transport;
using Fleet.Redis;

namespace Fleet.Events;

/// <content>
/// Staged writes: Redis writes that commit in one script with this delivery's acknowledgement and idempotency mark, so
/// state kept in Redis changes exactly once however often the handler runs (crash before the commit, a claim by a second
/// consumer, a retry). A write is staged, not sent: it happens when the handler returned and the entry is committed, and
/// never when the handler fails, times out or another consumer committed the entry first. Each attempt starts with
/// nothing staged. Keys must carry the stream's hash tag; build them with <see cref="StateKey"/>.
/// </content>
public sealed partial class EventContext<TEvent>
{
    /// <summary>
    /// A key for state this stream's handlers keep in Redis, in the stream's hash tag (the only keys a handler may
    /// stage writes to): <c>{stream key}:state:{name}</c>, e.g. <c>fleet:{market.events}:state:AAPL</c>.
    /// </summary>
    public string StateKey(string name) => _writes.Key(name);

    /// <summary>Stages SET <paramref name="key"/> <paramref name="value"/>, with PX <paramref name="expiry"/> when given.</summary>
    public void StageSet(string key, RedisValue value, TimeSpan? expiry = null)
    {
        if (expiry is { } ttl)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero, nameof(expiry));
        }

        _writes.Add(StagedCommand.Set, key, value, expiry is { } time ? Milliseconds(time) : RedisValue.Null);
    }

    /// <summary>Stages INCRBY <paramref name="key"/> <paramref name="by"/> (a missing key counts from 0).</summary>
    public void StageIncrement(string key, long by = 1) => _writes.Add(StagedCommand.IncrementBy, key, by);

    /// <summary>Stages HSET <paramref name="key"/> <paramref name="field"/> <paramref name="value"/>.</summary>
    public void StageHashSet(string key, RedisValue field, RedisValue value) => _writes.Add(StagedCommand.HashSet, key, field, value);

    /// <summary>Stages HINCRBY <paramref name="key"/> <paramref name="field"/> <paramref name="by"/>.</summary>
    public void StageHashIncrement(string key, RedisValue field, long by = 1) => _writes.Add(StagedCommand.HashIncrementBy, key, field, by);

    /// <summary>Stages DEL <paramref name="key"/>.</summary>
    public void StageDelete(string key) => _writes.Add(StagedCommand.Delete, key);

    /// <summary>Stages ZADD <paramref name="key"/> <paramref name="score"/> <paramref name="member"/>.</summary>
    public void StageSortedSetAdd(string key, RedisValue member, double score) => _writes.Add(StagedCommand.SortedSetAdd, key, score, member);

    /// <summary>Stages SADD <paramref name="key"/> <paramref name="member"/>.</summary>
    public void StageSetAdd(string key, RedisValue member) => _writes.Add(StagedCommand.SetAdd, key, member);

    /// <summary>Stages PEXPIRE <paramref name="key"/> <paramref name="expiry"/> (after the writes staged before it).</summary>
    public void StageExpire(string key, TimeSpan expiry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(expiry, TimeSpan.Zero);
        _writes.Add(StagedCommand.Expire, key, Milliseconds(expiry));
    }

    // PX and PEXPIRE take whole milliseconds; round up so a sub-millisecond expiry does not become 0 (refused).
    private static long Milliseconds(TimeSpan time) => Math.Max(1, (long)Math.Ceiling(time.TotalMilliseconds));
}
