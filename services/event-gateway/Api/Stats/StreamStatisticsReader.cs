using Fleet.Contracts;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.EventGateway.Api.Stats;

/// <summary>
/// Reads the figures of every fleet stream from Redis: XLEN and XINFO STREAM (length, first and last entry), XINFO GROUPS
/// and, per group, <see cref="ConsumerGroupStatistics"/> (Fleet's lag and pending, ADR 0005) and XINFO CONSUMERS; XLEN of
/// <c>:dlq</c> and <c>:parked</c>. The streams are read concurrently on the shared client (pipelined).
/// </summary>
internal sealed class StreamStatisticsReader(RedisClient redis, StreamKeys keys, ConsumerGroupStatistics statistics)
{
    public async Task<IReadOnlyList<StreamStats>> ReadAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(FleetStreams.All.Select(stream => ReadAsync(stream, cancellationToken)));

    public async Task<StreamStats> ReadAsync(string stream, CancellationToken cancellationToken)
    {
        var key = keys.Stream(stream);
        var deadLetterKey = keys.DeadLetters(stream);
        var deadLetters = redis.XLenAsync(deadLetterKey, cancellationToken).AsTask();
        var parked = redis.XLenAsync(keys.Parked(stream), cancellationToken).AsTask();

        // XINFO answers "no such key" for a missing stream: a stream nobody wrote to yet has no figures beyond zeros.
        if (!await redis.ExistsAsync(key, cancellationToken))
        {
            return new StreamStats(stream, 0, null, null, await deadLetters, await parked, []);
        }

        var info = await redis.XInfoStreamAsync(key, cancellationToken);
        var groups = await redis.XInfoGroupsAsync(key, cancellationToken);
        var groupStats = await Task.WhenAll(groups.Select(async group =>
        {
            var figures = await statistics.ReadAsync(key, deadLetterKey, group.Name, cancellationToken);
            var consumers = await redis.XInfoConsumersAsync(key, group.Name, cancellationToken);
            return new GroupStats(
                group.Name,
                figures.Lag,
                figures.LagEstimated,
                figures.Pending,
                [.. consumers.Select(c => new ConsumerStats(c.Name, c.Pending, (long)c.Idle.TotalMilliseconds))]);
        }));
        return new StreamStats(stream, info.Length, info.FirstEntry?.Id.ToString(), info.LastEntry?.Id.ToString(), await deadLetters, await parked, groupStats)
        {
            EntriesAdded = info.EntriesAdded,
        };
    }
}
