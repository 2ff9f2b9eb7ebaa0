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
    /// XLEN of the stream, XINFO GROUPS and XLEN of the dead letters, pipelined. A missing stream (XINFO GROUPS:
    /// <c>ERR no such key</c>) or group counts as zero pending and zero lag; a lag Redis cannot compute stays null.
    /// </summary>
    public async ValueTask<GroupStatistics> GetGroupStatisticsAsync(string stream, string deadLetterStream, string group, CancellationToken cancellationToken)
    {
        var length = _client.XLenAsync(stream, cancellationToken).AsTask();
        var deadLetters = _client.XLenAsync(deadLetterStream, cancellationToken).AsTask();
        var groups = GroupsOrEmptyAsync(stream, cancellationToken).AsTask();
        await Task.WhenAll(length, deadLetters, groups);
        var info = (await groups).FirstOrDefault(candidate => string.Equals(candidate.Name, group, StringComparison.Ordinal));
        return info is null
            ? new GroupStatistics(await length, 0, 0, await deadLetters)
            : new GroupStatistics(await length, info.Pending, info.Lag, await deadLetters);
    }

    private static bool IsGroupLost(RedisServerException error) => error.Is("NOGROUP") || error.Is("UNBLOCKED");

    private async ValueTask<IReadOnlyList<StreamGroupInfo>> GroupsOrEmptyAsync(string stream, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.XInfoGroupsAsync(stream, cancellationToken);
        }
        catch (RedisServerException ex) when (ex.Is("ERR") && ex.Message.Contains("no such key", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }
    }
}
