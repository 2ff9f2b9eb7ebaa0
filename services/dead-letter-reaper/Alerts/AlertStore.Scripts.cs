using Fleet.Redis;

namespace Fleet.DeadLetterReaper.Alerts;

/// <content>
/// The fenced writes: each script compares the lease key with the term's value (GET) and writes only while they match,
/// so a leader that lost the lease changes nothing. Every key shares the hash tag <c>{system.events}</c>.
/// </content>
internal sealed partial class AlertStore
{
    /// <summary>KEYS: lease, raised set. ARGV: lease value, field, record. HSET; returns 1, or nil when the fence refused.</summary>
    private static readonly RedisScript FencedSet = new("""
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then
          return false
        end
        redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
        return 1
        """);

    /// <summary>KEYS: lease, raised set. ARGV: lease value, field. HDEL; returns 1, or nil when the fence refused.</summary>
    private static readonly RedisScript FencedDelete = new("""
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then
          return false
        end
        redis.call('HDEL', KEYS[2], ARGV[2])
        return 1
        """);

    /// <summary>
    /// KEYS: lease, samples. ARGV: lease value, now (ms), window start (ms), sample. Drops the samples older than the
    /// window (ZREMRANGEBYSCORE), reads the oldest one left that is older than now, adds this one (ZADD). Returns
    /// {sample} or {} when there is none, or nil when the fence refused.
    /// </summary>
    private static readonly RedisScript FencedSample = new("""
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then
          return false
        end
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[3])
        local oldest = redis.call('ZRANGEBYSCORE', KEYS[2], ARGV[3], '(' .. ARGV[2], 'LIMIT', 0, 1)
        redis.call('ZADD', KEYS[2], ARGV[2], ARGV[4])
        return oldest
        """);
}
