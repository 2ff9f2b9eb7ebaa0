using Fleet.Contracts;
using Fleet.EndToEnd.Tests.Fleet;
using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.EndToEnd.Tests.Reaper;

/// <summary>
/// Consumers the test makes up in a group of its own on ai.events (XREADGROUP under a name no process has, then
/// silence): dead-letter-reaper removes the idle one without pending entries once it is idle past
/// <c>Reaper__Consumers__IdleThreshold</c> and announces it, and keeps the one that holds an entry however long it idles.
/// </summary>
[Collection(SharedOperations.Name)]
public sealed class DeadConsumerIntegrationTests(OperationsFixture fleet)
{
    private const string Stream = FleetStreams.Ai;

    [Fact]
    public async Task IdleConsumers_PastThreshold_OnlyTheOneWithoutPendingEntriesRemoved()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var redis = fleet.Bus.Client;
        var key = fleet.Bus.Keys.Stream(Stream);
        var suffix = Users.New("consumers");
        var group = suffix;
        await redis.XGroupCreateAsync(key, group, StreamPosition.Latest, makeStream: true, cancellationToken: cancellationToken);

        // The holder reads an entry and never acknowledges it; the idle one is created and reads nothing
        // (XGROUP CREATECONSUMER: Redis 7.0's XREADGROUP makes no consumer when nothing is there to read). Both then go quiet.
        var holder = "holder-" + suffix;
        var idle = "idle-" + suffix;
        var held = await redis.XAddAsync(key, [new StreamField("e2e", "held by " + holder)], cancellationToken: cancellationToken);
        try
        {
            Assert.Single(await redis.XReadGroupAsync(group, holder, key, count: 1, cancellationToken: cancellationToken));
            Assert.True(await redis.XGroupCreateConsumerAsync(key, group, idle, cancellationToken));

            var removed = await RemovedAsync(group, idle);
            Assert.Equal(key, removed.StreamKey);
            Assert.True(removed.IdleMilliseconds >= OperationsFixture.IdleThreshold.TotalMilliseconds, $"{idle} was removed after {removed.IdleMilliseconds} ms idle.");

            // A sweep that ran after the holder had idled past the threshold too: a later consumer's removal proves one did.
            var witness = "witness-" + suffix;
            Assert.True(await redis.XGroupCreateConsumerAsync(key, group, witness, cancellationToken));
            await RemovedAsync(group, witness);

            var kept = Assert.Single(await redis.XInfoConsumersAsync(key, group, cancellationToken));
            Assert.Equal((holder, 1L), (kept.Name, kept.Pending));
            Assert.True(kept.Idle >= OperationsFixture.IdleThreshold, $"{holder} is only {kept.Idle} idle: the check proves nothing.");
            Assert.DoesNotContain(await RemovalsAsync(group), r => r.Consumer == holder);
            Assert.Single(await RemovalsAsync(group), r => r.Consumer == idle);
        }
        finally
        {
            await redis.XAckAsync(key, group, held!.Value, cancellationToken);
            await redis.XGroupDestroyAsync(key, group, cancellationToken);
        }

        await fleet.QuietAsync();
    }

    private async Task<IReadOnlyList<ConsumerRemoved>> RemovalsAsync(string group) =>
        [.. (await fleet.State.EventsAsync<ConsumerRemoved>(FleetStreams.System)).Select(e => e.Data).Where(r => r.Stream == Stream && r.Group == group)];

    /// <summary>Waits until <c>system.consumer.removed</c> names <paramref name="consumer"/> and XINFO CONSUMERS no longer lists it.</summary>
    private async Task<ConsumerRemoved> RemovedAsync(string group, string consumer)
    {
        var key = fleet.Bus.Keys.Stream(Stream);
        var removal = await Eventually.UntilAsync(
            async () => (await RemovalsAsync(group)).FirstOrDefault(r => r.Consumer == consumer),
            found => found is not null,
            $"dead-letter-reaper removes {consumer} from {group}",
            OperationsFixture.WorkLimit);
        Assert.DoesNotContain(await fleet.Bus.Client.XInfoConsumersAsync(key, group, TestContext.Current.CancellationToken), c => c.Name == consumer);
        return removal!;
    }
}
