
namespace Fleet.DeadLetterReaper.Tests.Consumers;

/// <summary>Dead consumer removal on a real redis-server: only an idle consumer with nothing pending and no live instance goes.</summary>
public sealed class DeadConsumerRemoverIntegrationTests(RedisServerFixture redis)
{
    [Fact]
    public async Task Sweep_RemovesTheDeadConsumerOnly_AndAnnouncesItOnce()
    {
        await using var fleet = await TestFleet.StartAsync(redis.Server);
        var ct = TestContext.Current.CancellationToken;
        var key = fleet.Keys.Stream(TestFleet.Source);
        await fleet.Redis.XAddAsync(key, TestFleet.Envelope().Fields, cancellationToken: ct);
        await fleet.Redis.XGroupCreateAsync(key, TestFleet.WorkerGroup, StreamPosition.Beginning, cancellationToken: ct);
        await fleet.Redis.XGroupCreateConsumerAsync(key, TestFleet.WorkerGroup, "dead-1", ct);
        await fleet.Redis.XGroupCreateConsumerAsync(key, TestFleet.WorkerGroup, "live-1", ct);
        await fleet.Redis.XReadGroupAsync(TestFleet.WorkerGroup, "busy-1", key, count: 1, cancellationToken: ct);
        // live-1 runs somewhere: its instance key (InstanceLease's) is held.
        await fleet.Redis.SetAsync($"{key}:instance:{TestFleet.WorkerGroup}:live-1", "token:1", TimeSpan.FromMinutes(5), cancellationToken: ct);
        await Eventually.TrueAsync(
            async () => (await fleet.Redis.XInfoConsumersAsync(key, TestFleet.WorkerGroup, ct)).All(c => c.Idle >= TimeSpan.FromSeconds(1)),
            "every consumer idle for a second");
        var settings = new Dictionary<string, string?> { ["Reaper:Consumers:IdleThreshold"] = "00:00:01" };
        await using var reaper = ReaperHost.Build(fleet, "reaper-1", new FakeTimeProvider(DateTimeOffset.UtcNow), settings);

        var removed = Assert.Single(await reaper.Remover.SweepAsync(ct));
        var again = await reaper.Remover.SweepAsync(ct);

        Assert.Equal((TestFleet.Source, key, TestFleet.WorkerGroup, "dead-1"), (removed.Stream, removed.StreamKey, removed.Group, removed.Consumer));
        Assert.True(removed.IdleMilliseconds >= 1000);
        Assert.Empty(again);
        Assert.Equal(["busy-1", "live-1"], (await fleet.Redis.XInfoConsumersAsync(key, TestFleet.WorkerGroup, ct)).Select(c => c.Name).Order());
        var announced = Assert.Single(await fleet.SystemEventsAsync("system.consumer.removed", FleetContractsJsonContext.Default.ConsumerRemoved));
        Assert.Equal(removed, announced);
    }

    [Fact]
    public async Task Sweep_LeavesConsumersIdleLessThanTheThreshold()
    {
        await using var fleet = await TestFleet.StartAsync(redis.Server);
        var ct = TestContext.Current.CancellationToken;
        var key = fleet.Keys.DeadLetters(TestFleet.Source);
        await fleet.Redis.XGroupCreateAsync(key, "dead-letter-reaper", StreamPosition.Beginning, makeStream: true, cancellationToken: ct);
        await fleet.Redis.XGroupCreateConsumerAsync(key, "dead-letter-reaper", "reaper-9", ct);
        await using var reaper = ReaperHost.Build(fleet, "reaper-1", new FakeTimeProvider(DateTimeOffset.UtcNow));

        Assert.Empty(await reaper.Remover.SweepAsync(ct));
        Assert.Single(await fleet.Redis.XInfoConsumersAsync(key, "dead-letter-reaper", ct));
    }
}
