using Fleet.Ctl.Connection;
using Fleet.Redis;

namespace Fleet.Ctl.Groups;

/// <summary>One consumer group on one key (a stream, its <c>:dlq</c> or its <c>:parked</c>) with its figures.</summary>
internal sealed record GroupReport(string Stream, string Key, string Group, long Lag, bool LagEstimated, long Pending, IReadOnlyList<StreamConsumerInfo> Consumers)
{
    /// <summary>The least idle consumer's idle time: how long ago the group last did anything; null without consumers.</summary>
    public TimeSpan? Idle => Consumers.Count == 0 ? null : Consumers.Min(c => c.Idle);

    /// <summary>
    /// The groups of the stream <paramref name="name"/> and of its dead-letter keys, with Fleet's lag
    /// (ConsumerGroupStatistics: ADR 0005's count, not XINFO's counter).
    /// </summary>
    public static async Task<IReadOnlyList<GroupReport>> ReadAsync(FleetBus bus, string name, CancellationToken cancellationToken)
    {
        var reports = new List<GroupReport>();
        foreach (var (label, key) in new[] { (name, bus.Keys.Stream(name)), (name + ":dlq", bus.Keys.DeadLetters(name)), (name + ":parked", bus.Keys.Parked(name)) })
        {
            if (!await bus.Redis.ExistsAsync(key, cancellationToken))
            {
                continue;
            }

            foreach (var group in await bus.Redis.XInfoGroupsAsync(key, cancellationToken))
            {
                // A group on the stream counts the stream's dead letters; one on :dlq or :parked counts its own key.
                var deadLetters = key == bus.Keys.Stream(name) ? bus.Keys.DeadLetters(name) : key;
                var (lag, estimated, pending) = await FiguresAsync(bus, key, deadLetters, group, cancellationToken);
                var consumers = await bus.Redis.XInfoConsumersAsync(key, group.Name, cancellationToken);
                reports.Add(new(label, key, group.Name, lag, estimated, pending, consumers));
            }
        }

        return reports;
    }

    /// <summary>
    /// Fleet's lag and pending count of <paramref name="group"/>, or, for a read-only user (the ACL's <c>operator</c> may
    /// run no script, and the lag script may repair Redis's counter), XINFO GROUPS' own figures: Redis's lag, else the
    /// stream's length, both marked as estimates.
    /// </summary>
    private static async Task<(long Lag, bool Estimated, long Pending)> FiguresAsync(
        FleetBus bus, string key, string deadLetters, StreamGroupInfo group, CancellationToken cancellationToken)
    {
        try
        {
            var figures = await bus.Statistics.ReadAsync(key, deadLetters, group.Name, cancellationToken);
            return (figures.Lag, figures.LagEstimated, figures.Pending);
        }
        catch (RedisServerException e) when (e.Is("NOPERM"))
        {
            return (group.Lag ?? await bus.Redis.XLenAsync(key, cancellationToken), true, group.Pending);
        }
    }
}
