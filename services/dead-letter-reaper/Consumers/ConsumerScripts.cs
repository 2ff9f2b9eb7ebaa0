using Fleet.Redis;

namespace Fleet.DeadLetterReaper.Consumers;

/// <summary>The consumer removal script.</summary>
internal static class ConsumerScripts
{
    /// <summary>
    /// Removes a consumer from its group only if, at that instant, no process holds its instance key, it has no pending
    /// entries and it has been idle at least the threshold. As one script, a consumer that got an entry (or came back to
    /// life) between the check and the removal is never removed: there is no between.
    /// KEYS: the key the group reads (stream or :dlq), the consumer's instance key.
    /// ARGV: group, consumer, minimum idle in milliseconds.
    /// Returns its idle milliseconds when removed; -1 live instance, -2 pending entries, -3 not idle long enough, -4 gone.
    /// </summary>
    public static readonly RedisScript RemoveIfDead = new("""
        if redis.call('EXISTS', KEYS[2]) == 1 then
          return -1
        end
        for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
          local info = {}
          for i = 1, #consumer, 2 do
            info[consumer[i]] = consumer[i + 1]
          end
          if info['name'] == ARGV[2] then
            if info['pending'] > 0 then
              return -2
            end
            if info['idle'] < tonumber(ARGV[3]) then
              return -3
            end
            redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
            return info['idle']
          end
        end
        return -4
        """);
}
