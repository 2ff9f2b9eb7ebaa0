using Fleet.DeadLetterReaper.DeadLetters;
using Fleet.Redis;

namespace Fleet.DeadLetterReaper.Consumers;

/// <summary>The consumer removal script.</summary>
internal static class ConsumerScripts
{
    /// <summary>
    /// Removes a consumer from its group only if, at that instant, no process holds its instance key, it has no pending
    /// entries and it has been idle at least the threshold, and logs the removal in the stream's decision log (same hash
    /// tag), from which it is announced. As one script, a consumer that got an entry (or came back to life) between the
    /// check and the removal is never removed, and a removal is never left unannounced: there is no between.
    /// KEYS: the key the group reads (stream or :dlq), the consumer's instance key, the decision log.
    /// ARGV: group, consumer, minimum idle in milliseconds, then the decision's field/value pairs.
    /// Returns {idle milliseconds, decision id} when removed; {-1} live instance, {-2} pending entries, {-3} not idle long
    /// enough, {-4} gone.
    /// </summary>
    public static readonly RedisScript RemoveIfDead = new($$"""
        if redis.call('EXISTS', KEYS[2]) == 1 then
          return { -1 }
        end
        for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
          local info = {}
          for i = 1, #consumer, 2 do
            info[consumer[i]] = consumer[i + 1]
          end
          if info['name'] == ARGV[2] then
            if info['pending'] > 0 then
              return { -2 }
            end
            if info['idle'] < tonumber(ARGV[3]) then
              return { -3 }
            end
            redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
            local record = { KEYS[3], '*', '{{Decision.IdleField}}', info['idle'] }
            for i = 4, #ARGV do
              record[#record + 1] = ARGV[i]
            end
            return { info['idle'], redis.call('XADD', unpack(record)) }
          end
        end
        return { -4 }
        """);
}
