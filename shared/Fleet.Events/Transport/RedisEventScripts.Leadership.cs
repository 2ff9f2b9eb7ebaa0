using Fleet.Redis;

namespace Fleet.Events.Transport;

/// <summary>
/// The leader lease's scripts (docs/leadership.md). Each compares the lease key's value and acts in one step, so a
/// leader that lost the lease can neither renew, release nor write under it after another process acquired it.
/// </summary>
internal static partial class RedisEventScripts
{
    /// <summary>
    /// Acquires the lease when it is free: INCR the fence counter, then SET lease prefix..token NX PX lease time. As one
    /// script, every holder gets a token larger than every earlier holder's, and no token is spent on a lease that was held.
    /// KEYS: lease, fence counter. ARGV: value prefix, lease time in ms. Returns the token, or nil when the lease is held.
    /// </summary>
    public static readonly RedisScript AcquireLease = new("""
        if redis.call('EXISTS', KEYS[1]) == 1 then
          return false
        end
        local token = redis.call('INCR', KEYS[2])
        redis.call('SET', KEYS[1], ARGV[1] .. token, 'NX', 'PX', ARGV[2])
        return token
        """);

    /// <summary>
    /// Extends the lease's time to live (PEXPIRE; the value stays) only while it holds this term's value.
    /// KEYS: lease. ARGV: value, lease time in ms. Returns 1 when renewed, 0 when lost.
    /// </summary>
    public static readonly RedisScript RenewLease = new("""
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """);

    /// <summary>Deletes the lease only while it holds this term's value. KEYS: lease. ARGV: value. Returns 1 when deleted.</summary>
    public static readonly RedisScript ReleaseLease = new("""
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """);

    /// <summary>
    /// A fenced publish: XADD each entry (with the stream's trim clause) only while the lease holds the fence's value, so a
    /// deposed leader writes nothing. KEYS: stream, lease. ARGV: value, trim count, trim words…, then per entry its word
    /// count and its field names and values. Returns the entry ids, or nil when the lease holds anything else.
    /// </summary>
    public static readonly RedisScript AppendFenced = new("""
        if redis.call('GET', KEYS[2]) ~= ARGV[1] then
          return false
        end
        local trimCount = tonumber(ARGV[2])
        local head = { KEYS[1] }
        for i = 3, 2 + trimCount do
          head[#head + 1] = ARGV[i]
        end
        head[#head + 1] = '*'
        local ids = {}
        local i = 3 + trimCount
        while i <= #ARGV do
          local words = tonumber(ARGV[i])
          local args = { unpack(head) }
          for j = i + 1, i + words do
            args[#args + 1] = ARGV[j]
          end
          ids[#ids + 1] = redis.call('XADD', unpack(args))
          i = i + words + 1
        end
        return ids
        """);
}
