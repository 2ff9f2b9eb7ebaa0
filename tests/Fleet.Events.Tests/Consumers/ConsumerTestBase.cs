using Fleet.Events.Consumers;
using Fleet.Events.Tests.Behaviour;
using Fleet.Redis;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.Events.Tests.Consumers;

/// <summary>What the consumer behaviour suites share: short timings, publishing, and looks at the pending list and the DLQ.</summary>
public abstract class ConsumerTestBase(RedisServerFixture redis) : BehaviourTestBase(redis)
{
    protected const string Group = "workers";

    /// <summary>Timings short enough for tests: quick retries and claims, quick stops.</summary>
    protected static void Quick(ConsumerGroupOptions options)
    {
        options.BlockTimeout = TimeSpan.FromSeconds(1);
        options.RetryDelay = TimeSpan.FromMilliseconds(5);
        options.ShutdownTimeout = TimeSpan.FromSeconds(3);
        options.StatisticsInterval = TimeSpan.FromMilliseconds(200);
    }

    protected Task<RedisStreamId> PlaceOrderAsync(IHost host, string stream, OrderPlaced order, Ulid? id = null) =>
        RawPublisher.PlaceOrderAsync(host, Keys, stream, order, id);

    /// <summary>The group's whole pending list (XPENDING - + with a count).</summary>
    internal async Task<IReadOnlyList<StreamPendingEntry>> PendingAsync(IHost host, string stream, string group = Group) =>
        await TransportOf(host).PendingAsync(Keys.Stream(stream), group, RedisStreamId.Zero, RedisStreamId.MaxValue, 10_000, null, Cancel);

    internal Task<IReadOnlyList<StreamEntry>> DeadLettersAsync(IHost host, string stream) => ReadAllAsync(host, Keys.DeadLetters(stream));

    internal static ConsumerLoopHealth HealthOf(IHost host, string stream, string group = Group) =>
        host.Services.GetRequiredService<ConsumerHealthRegistry>().Snapshot().Single(h => h.Stream == stream && h.Group == group);

    protected Task WaitUntilSettledAsync(IHost host, string stream, string group = Group) =>
        Eventually.TrueAsync(async () => (await PendingAsync(host, stream, group)).Count == 0, $"nothing is pending in {group}");
}
