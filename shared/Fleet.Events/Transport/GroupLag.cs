using Fleet.Redis;

namespace Fleet.Events.Transport;

/// <summary>
/// A group's lag: the entries of the stream after the group's last-delivered id, which its consumers have yet to read.
/// Redis's own figure (XINFO GROUPS <c>lag</c>, entries-added minus the group's entries-read counter) is null after
/// deletions past the group's position or with an unknown counter, and wrong when the counter is (after an AOF replay:
/// <see cref="RedisEventScripts.GroupStatistics"/>). So the lag is counted where that is cheap and Redis is only
/// believed where it can be checked.
/// </summary>
internal static class GroupLag
{
    /// <summary>Entries after the last-delivered id counted one by one at most (XRANGE … COUNT bound+1 in a script).</summary>
    public const int CountBound = 1000;

    /// <summary>
    /// The lag from what one statistics script saw: exact when <paramref name="counted"/> is within
    /// <see cref="CountBound"/> (it is the count) or when the group is behind the stream's first entry (every entry is
    /// after it); beyond the bound, Redis's <paramref name="reported"/> lag when it is consistent (more than the bound,
    /// not more than the stream's length); otherwise estimated from the ids' times between the last-delivered id and
    /// the last entry, within those same bounds.
    /// </summary>
    public static (long Lag, bool Estimated) Compute(long length, long? reported, long counted, RedisStreamId? first, RedisStreamId? last, RedisStreamId delivered)
    {
        if (counted <= CountBound)
        {
            return (counted, false);
        }

        if (first is not { } oldest || last is not { } newest || delivered < oldest)
        {
            return (length, false);
        }

        if (reported is { } lag && lag > CountBound && lag <= length)
        {
            return (lag, false);
        }

        // Ids are times: assume the entries spread evenly over them (a bursty stream makes this rough, hence "estimated").
        var span = Math.Max(1, (double)newest.Milliseconds - oldest.Milliseconds);
        var share = Math.Clamp(((double)newest.Milliseconds - delivered.Milliseconds) / span, 0, 1);
        return (Math.Clamp((long)Math.Round(length * share), CountBound + 1, Math.Max(length, CountBound + 1)), true);
    }
}
