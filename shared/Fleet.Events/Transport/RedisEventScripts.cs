using Fleet.Redis;

namespace Fleet.Events.Transport;

/// <summary>
/// The Lua scripts of <see cref="RedisEventTransport"/>. Each one exists because its steps must happen as one
/// (a script runs atomically: no other command sees a state in between). Every key a script touches is passed in
/// KEYS, and all keys of one call share the stream's hash tag (<see cref="StreamKeys"/>), so each call stays in one
/// Redis Cluster slot. A trim clause travels in ARGV as a count followed by that many words
/// (<c>0</c>, or <c>3 MAXLEN ~ 1000</c>, or <c>5 MINID ~ 1700000000000-0 LIMIT 100</c>).
/// </summary>
internal static partial class RedisEventScripts
{
    /// <summary>
    /// Dead-letters one entry: XACK the original and, only when it was still pending, XADD the dead letter. As a
    /// script, a crash or a second caller (another consumer claimed the entry too) cannot leave the entry both
    /// acknowledged and lost, or write the dead letter twice.
    /// KEYS: stream, dead-letter stream. ARGV: group, entry id, trim count, trim words…, field, value, ….
    /// Returns 1 when the dead letter was written, else 0.
    /// </summary>
    public static readonly RedisScript DeadLetter = new("""
        if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) ~= 1 then
          return 0
        end
        local trimCount = tonumber(ARGV[3])
        local args = { KEYS[2] }
        for i = 4, 3 + trimCount do
          args[#args + 1] = ARGV[i]
        end
        args[#args + 1] = '*'
        for i = 4 + trimCount, #ARGV do
          args[#args + 1] = ARGV[i]
        end
        redis.call('XADD', unpack(args))
        return 1
        """);

    /// <summary>
    /// Marks an event processed and acknowledges it: SET mark 1 PX ttl, then XACK. As a script, the mark never
    /// exists without the acknowledgement (a duplicate would be skipped but stay pending) nor the other way round
    /// (a re-delivery would run the handler's side effects again).
    /// KEYS: stream, mark. ARGV: group, entry id, time-to-live in milliseconds. Returns XACK's count.
    /// </summary>
    public static readonly RedisScript AckAndMarkProcessed = new("""
        redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
        return redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
        """);

    /// <summary>
    /// Commits the writes a handler staged (<see cref="StagedWrite"/>) with the entry's acknowledgement. With the
    /// idempotency guard, a set mark means the event was handled before (a duplicate publish): XACK only. An entry no
    /// longer pending in the group was acknowledged by someone else (a consumer that claimed it and committed first):
    /// nothing is written, so of two consumers that both ran the handler, only the first to commit changes state. Then
    /// every key's type is checked before the first write (Redis does not roll back a script that fails half-way),
    /// the writes run in order, the mark is set and the entry acknowledged. As one script, a crash before it leaves
    /// nothing written and the entry pending; a crash after it leaves everything written and the entry acknowledged.
    /// KEYS: stream, mark (the stream again without the guard), one key per write.
    /// ARGV: group, entry id, mark time-to-live in milliseconds (0: no guard), then per write: command, first, second.
    /// Returns 1 when applied, 0 when the entry was not pending, 2 for a duplicate.
    /// </summary>
    public static readonly RedisScript Commit = new("""
        local group, id, ttl = ARGV[1], ARGV[2], tonumber(ARGV[3])
        if ttl > 0 and redis.call('EXISTS', KEYS[2]) == 1 then
          redis.call('XACK', KEYS[1], group, id)
          return 2
        end
        if #redis.call('XPENDING', KEYS[1], group, id, id, 1) == 0 then
          return 0
        end
        -- Types are checked against the keys as they are now, not as earlier writes in this script leave them: a
        -- conflict between two staged writes on one key is refused when staged (StagedWrites.Add), not simulated here.
        -- INCRBY and HINCRBY refuse anything but a 64-bit integer without a sign or leading zero.
        local function integer(value)
          return value == false or value == '0' or (#value <= 20 and string.match(value, '^-?[1-9]%d*$') ~= nil)
        end
        local holds = { incrby = 'string', hset = 'hash', hincrby = 'hash', zadd = 'zset', sadd = 'set' }
        local known = { set = true, incrby = true, hset = true, hincrby = true, del = true, zadd = true, sadd = true, pexpire = true }
        for i = 1, #KEYS - 2 do
          local key, command, first = KEYS[2 + i], ARGV[1 + 3 * i], ARGV[2 + 3 * i]
          if not known[command] then
            return redis.error_reply('ERR unknown staged command ' .. command .. '; nothing was written')
          end
          local kind = redis.call('TYPE', key)['ok']
          local ok = holds[command] == nil or kind == 'none' or kind == holds[command]
          if ok and kind ~= 'none' and command == 'incrby' then
            ok = integer(redis.call('GET', key))
          elseif ok and kind ~= 'none' and command == 'hincrby' then
            ok = integer(redis.call('HGET', key, first))
          end
          if not ok then
            return redis.error_reply('WRONGTYPE staged ' .. command .. ' on ' .. key .. ' (holding a ' .. kind .. ') cannot apply; nothing was written')
          end
        end
        for i = 1, #KEYS - 2 do
          local key, command, first, second = KEYS[2 + i], ARGV[1 + 3 * i], ARGV[2 + 3 * i], ARGV[3 + 3 * i]
          if command == 'set' then
            if second == '' then
              redis.call('SET', key, first)
            else
              redis.call('SET', key, first, 'PX', second)
            end
          elseif command == 'incrby' then
            redis.call('INCRBY', key, first)
          elseif command == 'hset' then
            redis.call('HSET', key, first, second)
          elseif command == 'hincrby' then
            redis.call('HINCRBY', key, first, second)
          elseif command == 'del' then
            redis.call('DEL', key)
          elseif command == 'zadd' then
            redis.call('ZADD', key, first, second)
          elseif command == 'sadd' then
            redis.call('SADD', key, first)
          else
            redis.call('PEXPIRE', key, first)
          end
        end
        if ttl > 0 then
          redis.call('SET', KEYS[2], '1', 'PX', ttl)
        end
        redis.call('XACK', KEYS[1], group, id)
        return 1
        """);

    /// <summary>
    /// Releases delayed events that are due: ZRANGEBYSCORE scheduled -inf now LIMIT 0 max (by score, then member),
    /// and for each member XADD its fields (a JSON array of alternating names and values,
    /// <see cref="ScheduledEventCodec"/>) to the stream, then ZREM it. As a script, two replicas releasing at the same
    /// time cannot both append the same event, and an event is never removed without being appended. A member that
    /// is not such an array of strings is left in the set (and not counted) rather than failing the whole release half-way:
    /// Redis does not roll back the XADDs a failing script already made.
    /// KEYS: scheduled set, stream. ARGV: now (Unix ms), max, trim count, trim words…. Returns how many moved.
    /// </summary>
    public static readonly RedisScript ReleaseDue = new("""
        local function pairsOfStrings(member)
          local ok, fields = pcall(cjson.decode, member)
          if not ok or type(fields) ~= 'table' or #fields == 0 or #fields % 2 ~= 0 then
            return nil
          end
          for _, word in ipairs(fields) do
            if type(word) ~= 'string' then
              return nil
            end
          end
          return fields
        end
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
        local trimCount = tonumber(ARGV[3])
        local failedAt = ARGV[4 + trimCount]
        local moved = 0
        for _, member in ipairs(due) do
          local fields = pairsOfStrings(member)
          if fields then
            local args = { KEYS[2] }
            for i = 4, 3 + trimCount do
              args[#args + 1] = ARGV[i]
            end
            args[#args + 1] = '*'
            for _, word in ipairs(fields) do
              args[#args + 1] = word
            end
            redis.call('XADD', unpack(args))
          else
            -- Unreadable (written by hand or by a foreign producer): a dead letter, so it neither blocks the members
            -- behind it nor vanishes.
            redis.call('XADD', KEYS[3], '*', 'scheduled_member', member, 'dlq_source_stream', ARGV[5 + trimCount],
              'dlq_error_type', 'malformed', 'dlq_error_message', 'A scheduled event is not a JSON array of field names and values.',
              'dlq_failed_at', failedAt)
          end
          redis.call('ZREM', KEYS[1], member)
          moved = moved + 1
        end
        return moved
        """);
}
