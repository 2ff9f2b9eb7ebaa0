using Fleet.Redis;

namespace Fleet.Events.Consumers;

/// <summary>
/// The live-instance key's scripts: each compares the value and changes the key in one step, so a holder and a process
/// taking over never both believe they hold it. The value is <c>token:counter</c>; a holder matches its token prefix,
/// not a whole value, because a renewal whose reply was lost still changed the counter.
/// </summary>
internal sealed partial class InstanceLease
{
    /// <summary>
    /// KEYS: the key. ARGV: this holder's <c>token:</c>, the new value, the lease in ms. Sets the key when it is still this
    /// holder's or missing (Redis lost it, or it expired while Redis was unreachable and nobody took it); returns 1 then,
    /// 0 when another process holds it.
    /// </summary>
    private static readonly RedisScript RenewScript = new("""
        local current = redis.call('GET', KEYS[1])
        if current == false or string.sub(current, 1, #ARGV[1]) == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
          return 1
        end
        return 0
        """);

    /// <summary>KEYS: the key. ARGV: this holder's <c>token:</c>. Deletes the key only while it is this holder's.</summary>
    private static readonly RedisScript ReleaseScript = new("""
        local current = redis.call('GET', KEYS[1])
        if current ~= false and string.sub(current, 1, #ARGV[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """);

    /// <summary>
    /// KEYS: the key. ARGV: the value watched, the new value, the lease in ms. Replaces a key nobody renewed, only if it
    /// still holds the value watched (or vanished); returns 1 then, 0 when a holder renewed it meanwhile.
    /// </summary>
    private static readonly RedisScript ReplaceScript = new("""
        local current = redis.call('GET', KEYS[1])
        if current == false or current == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
          return 1
        end
        return 0
        """);
}
