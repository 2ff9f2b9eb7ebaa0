using Fleet.Redis;

namespace Fleet.Events.Transport;

/// <content>The statistics of one consumer group, gathered in one script so that its figures describe one moment.</content>
internal static partial class RedisEventScripts
{
    /// <summary>
    /// Reads a group's figures for <see cref="GroupLag"/>: XINFO STREAM (length, first and last entry, last-generated-id,
    /// entries-added), the group's line of XINFO GROUPS (pending, last-delivered-id, entries-read, lag), and counts the
    /// entries after the group's last-delivered id with XRANGE (last-delivered COUNT bound+1, so at most bound+1 entries
    /// are looked at). Redis's own lag is entries-added minus the group's entries-read counter, and that counter can be
    /// wrong: an AOF replay moves last-delivered-id by the XCLAIM … LASTID commands XREADGROUP propagates without
    /// counting them, so after a restart a drained group reports the reads since the last AOF rewrite as lag. When the
    /// group is drained (its last-delivered id is the stream's last-generated id), the counter must equal entries-added;
    /// if it is known and does not (an unknown counter Redis estimates right for a drained group), XGROUP SETID …
    /// ENTRIESREAD puts it right (the id is unchanged, so no delivery changes), and XINFO GROUPS, and whatever else
    /// reads it, is right again.
    /// KEYS: stream. ARGV: group, bound.
    /// Returns {0} for a missing stream, {1, length} for a missing group, else {2, length, pending, lag or -1,
    /// counted, first id or '', last id or '', last-delivered id, entries-read before a repair or -1, repaired 0/1}.
    /// </summary>
    public static readonly RedisScript GroupStatistics = new("""
        local function map(reply)
          local fields = {}
          for i = 1, #reply, 2 do
            fields[reply[i]] = reply[i + 1]
          end
          return fields
        end
        if redis.call('EXISTS', KEYS[1]) == 0 then
          return { 0 }
        end
        local stream = map(redis.call('XINFO', 'STREAM', KEYS[1]))
        local group
        for _, candidate in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
          local fields = map(candidate)
          if fields['name'] == ARGV[1] then
            group = fields
          end
        end
        if not group then
          return { 1, stream['length'] }
        end
        local delivered = group['last-delivered-id']
        -- A drained group (the usual case) has nothing after its last-delivered id: no entries are copied to count it.
        local counted = 0
        if delivered ~= stream['last-generated-id'] then
          counted = #redis.call('XRANGE', KEYS[1], '(' .. delivered, '+', 'COUNT', tonumber(ARGV[2]) + 1)
        end
        local read = group['entries-read'] or -1
        local added = stream['entries-added']
        local repaired = 0
        if counted == 0 and added and read >= 0 and delivered == stream['last-generated-id'] and read ~= added then
          redis.call('XGROUP', 'SETID', KEYS[1], ARGV[1], delivered, 'ENTRIESREAD', added)
          repaired = 1
        end
        local first = stream['first-entry'] and stream['first-entry'][1] or ''
        local last = stream['last-entry'] and stream['last-entry'][1] or ''
        return { 2, stream['length'], group['pending'], group['lag'] or -1, counted, first, last, delivered, read, repaired }
        """);
}
