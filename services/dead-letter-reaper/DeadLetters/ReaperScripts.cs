using Fleet.Redis;

namespace Fleet.DeadLetterReaper.DeadLetters;

/// <summary>
/// The reaper's Lua scripts. Each decision is one script over keys of one hash tag (a stream, its <c>:dlq</c>,
/// <c>:parked</c> and the reaper's decision log), so it is atomic and legal in Redis Cluster: a crash leaves the dead
/// letter either untouched or moved with its decision logged, and two reapers cannot both move one dead letter.
/// </summary>
internal static class ReaperScripts
{
    /// <summary>
    /// Moves one entry from <c>:dlq</c> or <c>:parked</c> to the source stream (re-drive) or to <c>:parked</c> (park),
    /// and logs the decision. From <c>:dlq</c> the entry must still be pending in the reaper's group (else another
    /// reaper decided it, or this one did before a crash: nothing is done twice); from <c>:parked</c> it must still be
    /// there. The entry is read here, not sent by the caller, so every byte of it (binary field names included) is
    /// copied as Redis holds it.
    /// KEYS: from, to, decision log.
    /// ARGV: group ('' when moving from :parked), entry id, '1' to re-drive (drop the dead-letter and parking fields,
    /// append fleet_redrives) or '0' to keep every field, the re-drive count, extra field count e, 2e words (appended),
    /// trim word count t, t words (XADD trim of the target), then the decision's field/value pairs.
    /// Returns {1, new entry id, decision id}; {0} when not pending / not there; {-1} when the dead letter was deleted
    /// while pending (it is acknowledged: there is nothing left to decide).
    /// </summary>
    public static readonly RedisScript Move = new(MoveSource());

    /// <summary>
    /// Deletes parked entries and logs one purge decision naming those that were there.
    /// KEYS: parked, decision log. ARGV: id count n, n ids, then the decision's field/value pairs.
    /// Returns {decision id, deleted id, …}.
    /// </summary>
    public static readonly RedisScript Purge = new("""
        local n = tonumber(ARGV[1])
        local deleted = {}
        for i = 2, n + 1 do
          if redis.call('XDEL', KEYS[1], ARGV[i]) == 1 then
            deleted[#deleted + 1] = ARGV[i]
          end
        end
        local record = { KEYS[2], '*', 'entry_ids', table.concat(deleted, ',') }
        for i = n + 2, #ARGV do
          record[#record + 1] = ARGV[i]
        end
        local result = { redis.call('XADD', unpack(record)) }
        for i = 1, #deleted do
          result[#result + 1] = deleted[i]
        end
        return result
        """);

    /// <summary>
    /// Parks one dead letter whose fields are too many to pass to XADD one by one (<see cref="ReaperFields.MaxMovableFields"/>):
    /// all of them, in order, packed into one MessagePack array in <c>parked_packed_fields</c>, then acknowledged, deleted
    /// and the decision logged, with the same checks as <see cref="Move"/>. Untrimmed: such entries are rare, and the
    /// packed copy is the only one left.
    /// KEYS: :dlq, :parked, decision log.
    /// ARGV: group, entry id, extra field count e, 2e words (appended), then the decision's field/value pairs.
    /// Returns {1, new entry id, decision id}; {0} when not pending; {-1} when the dead letter was deleted while pending.
    /// </summary>
    public static readonly RedisScript ParkPacked = new($$"""
        local group, id = ARGV[1], ARGV[2]
        if #redis.call('XPENDING', KEYS[1], group, id, id, 1) == 0 then
          return { 0 }
        end
        local found = redis.call('XRANGE', KEYS[1], id, id)
        if #found == 0 then
          redis.call('XACK', KEYS[1], group, id)
          return { -1 }
        end
        local fields = found[1][2]
        local args = { KEYS[2], '*', '{{ReaperFields.PackedFields}}', cmsgpack.pack(fields), '{{ReaperFields.PackedFieldCount}}', #fields / 2 }
        local extra = tonumber(ARGV[3])
        for j = 4, 3 + 2 * extra do
          args[#args + 1] = ARGV[j]
        end
        local newId = redis.call('XADD', unpack(args))
        redis.call('XACK', KEYS[1], group, id)
        redis.call('XDEL', KEYS[1], id)
        local record = { KEYS[3], '*', 'entry_id', newId }
        for j = 4 + 2 * extra, #ARGV do
          record[#record + 1] = ARGV[j]
        end
        return { 1, newId, redis.call('XADD', unpack(record)) }
        """);

    private static string MoveSource()
    {
        // The names a re-drive drops, as a Lua set built from the C# constants (one list, not two to keep in step).
        var dropped = string.Join(", ", ReaperFields.NotRedriven.Select(name => $"['{name}'] = true"));
        return $$"""
            local group, id, redrive = ARGV[1], ARGV[2], ARGV[3] == '1'
            if group ~= '' and #redis.call('XPENDING', KEYS[1], group, id, id, 1) == 0 then
              return { 0 }
            end
            local found = redis.call('XRANGE', KEYS[1], id, id)
            if #found == 0 then
              if group ~= '' then
                redis.call('XACK', KEYS[1], group, id)
                return { -1 }
              end
              return { 0 }
            end
            local extra = tonumber(ARGV[5])
            local i = 6 + 2 * extra
            local trim = tonumber(ARGV[i])
            local args = { KEYS[2] }
            for j = i + 1, i + trim do
              args[#args + 1] = ARGV[j]
            end
            i = i + trim + 1
            args[#args + 1] = '*'
            local dropped = { {{dropped}} }
            local fields = found[1][2]
            for j = 1, #fields, 2 do
              if not (redrive and dropped[fields[j]]) then
                args[#args + 1] = fields[j]
                args[#args + 1] = fields[j + 1]
              end
            end
            if redrive then
              args[#args + 1] = '{{ReaperFields.Redrives}}'
              args[#args + 1] = ARGV[4]
            end
            for j = 6, 5 + 2 * extra do
              args[#args + 1] = ARGV[j]
            end
            local newId = redis.call('XADD', unpack(args))
            if group ~= '' then
              redis.call('XACK', KEYS[1], group, id)
            end
            redis.call('XDEL', KEYS[1], id)
            local record = { KEYS[3], '*', 'entry_id', newId }
            for j = i, #ARGV do
              record[#record + 1] = ARGV[j]
            end
            return { 1, newId, redis.call('XADD', unpack(record)) }
            """;
    }
}
