using Fleet.Redis;

namespace Fleet.Events.Transport;

/// <content>Consumer groups: XGROUP CREATE, XREADGROUP, XACK, XAUTOCLAIM, XPENDING, XINFO GROUPS.</content>
internal sealed partial class RedisEventTransport
{
    /// <inheritdoc/>
    public ValueTask<bool> EnsureGroupAsync(string stream, string group, string startId, CancellationToken cancellationToken) =>
        _client.XGroupCreateIfMissingAsync(stream, group, startId, makeStream: true, cancellationToken: cancellationToken);

    /// <summary>
    /// XREADGROUP; with <paramref name="block"/> it waits on one of the client's dedicated blocking connections.
    /// NOGROUP (the stream or group is gone) and UNBLOCKED (Redis 7 ends a blocked XREADGROUP that way when its stream
    /// key is deleted) both become <see cref="ConsumerGroupLostException"/>.
    /// </summary>
    public async ValueTask<IReadOnlyList<StreamEntry>> ReadGroupAsync(string stream, string group, string consumer, string position, int count, TimeSpan? block, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.XReadGroupAsync(group, consumer, stream, position, count, block, cancellationToken: cancellationToken);
        }
        catch (RedisServerException ex) when (IsGroupLost(ex))
        {
            throw new ConsumerGroupLostException(stream, group, ex);
        }
    }

    /// <inheritdoc/>
    public ValueTask<long> AckAsync(string stream, string group, IReadOnlyList<RedisStreamId> ids, CancellationToken cancellationToken) =>
        _client.XAckAsync(stream, group, ids, cancellationToken);

    /// <summary>XAUTOCLAIM (Redis 7 also reports the pending ids whose entries were deleted); NOGROUP becomes <see cref="ConsumerGroupLostException"/>.</summary>
    public async ValueTask<StreamAutoClaimResult> AutoClaimAsync(string stream, string group, string consumer, TimeSpan minIdle, RedisStreamId start, int count, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.XAutoClaimAsync(stream, group, consumer, minIdle, start, count, cancellationToken);
        }
        catch (RedisServerException ex) when (IsGroupLost(ex))
        {
            throw new ConsumerGroupLostException(stream, group, ex);
        }
    }

    /// <summary>Extended XPENDING from <paramref name="first"/> to <paramref name="last"/> inclusive; NOGROUP becomes <see cref="ConsumerGroupLostException"/>.</summary>
    public async ValueTask<IReadOnlyList<StreamPendingEntry>> PendingAsync(string stream, string group, RedisStreamId first, RedisStreamId last, int count, string? consumer, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.XPendingAsync(stream, group, first.ToString(), last.ToString(), count, consumer, cancellationToken: cancellationToken);
        }
        catch (RedisServerException ex) when (IsGroupLost(ex))
        {
            throw new ConsumerGroupLostException(stream, group, ex);
        }
    }

    /// <summary>
    /// The group's figures from one script (<see cref="RedisEventScripts.GroupStatistics"/>: XINFO STREAM, XINFO GROUPS,
    /// a bounded XRANGE count, and the repair of a wrong entries-read counter), with XLEN of the dead letters pipelined
    /// beside it; the lag is then <see cref="GroupLag.Compute"/>'s. A missing stream or group counts as zero pending
    /// and zero lag.
    /// </summary>
    public async ValueTask<GroupStatistics> GetGroupStatisticsAsync(string stream, string deadLetterStream, string group, CancellationToken cancellationToken)
    {
        var deadLetters = _client.XLenAsync(deadLetterStream, cancellationToken).AsTask();
        var figures = _client.EvaluateAsync(RedisEventScripts.GroupStatistics, [stream], [group, GroupLag.CountBound], cancellationToken).AsTask();
        await Task.WhenAll(deadLetters, figures);
        var reply = (await figures).Elements;
        var found = reply[0].ToInt64();
        if (found < 2)
        {
            return new GroupStatistics(found == 0 ? 0 : reply[1].ToInt64(), 0, 0, await deadLetters);
        }

        var length = reply[1].ToInt64();
        var reportedLag = reply[3].ToInt64();
        long? reported = reportedLag < 0 ? null : reportedLag;
        var (lag, estimated) = GroupLag.Compute(length, reported, reply[4].ToInt64(), IdOrNull(reply[5]), IdOrNull(reply[6]), RedisStreamId.Parse(reply[7].Value.ToString()));
        return new GroupStatistics(length, reply[2].ToInt64(), lag, await deadLetters, estimated, reported, reply[9].ToInt64() == 1);
    }

    private static RedisStreamId? IdOrNull(RedisResult value) => value.Value.IsNullOrEmpty ? null : RedisStreamId.Parse(value.Value.ToString());

    private static bool IsGroupLost(RedisServerException error) => error.Is("NOGROUP") || error.Is("UNBLOCKED");
}
