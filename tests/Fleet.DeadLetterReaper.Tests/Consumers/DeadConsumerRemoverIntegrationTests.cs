using Fleet.DeadLetterReaper.Consumers;

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
        Assert.Empty(await fleet.EntriesAsync(fleet.Keys.Decisions(TestFleet.Source)));
    }

    [Fact]
    public async Task ReaperKilledBetweenRemovalAndPublish_AnnouncesTheRemovalOnceOnRestart()
    {
        await using var fleet = await TestFleet.StartAsync(redis.Server);
        var ct = TestContext.Current.CancellationToken;
        var key = fleet.Keys.Stream(TestFleet.Source);
        await fleet.Redis.XGroupCreateAsync(key, TestFleet.WorkerGroup, StreamPosition.Beginning, makeStream: true, cancellationToken: ct);
        await fleet.Redis.XGroupCreateConsumerAsync(key, TestFleet.WorkerGroup, "dead-1", ct);

        // What reaper-1 did before it was killed: ran the removal script (which logs the removal) and published nothing.
        var decision = new Decision
        {
            Kind = Decision.ConsumerRemoved, Stream = TestFleet.Source, StreamKey = key, Group = TestFleet.WorkerGroup, Consumer = "dead-1", Maker = "reaper-1",
        };
        var arguments = new List<RedisValue> { TestFleet.WorkerGroup, "dead-1", 0 };
        decision.AppendFields(arguments);
        var instanceKey = StreamKeys.Instance(key, TestFleet.WorkerGroup, "dead-1");
        var result = await fleet.Redis.EvaluateAsync(ConsumerScripts.RemoveIfDead, [key, instanceKey, fleet.Keys.Decisions(TestFleet.Source)], arguments, ct);
        var idle = result[0].ToInt64();
        Assert.True(idle >= 0, $"the script did not remove the consumer: {idle}");
        Assert.Empty(await fleet.Redis.XInfoConsumersAsync(key, TestFleet.WorkerGroup, ct));
        Assert.Empty(await fleet.EntriesAsync(fleet.Keys.Stream(FleetStreams.System)));

        await using var restarted = await ReaperHost.Build(fleet, "reaper-1", new FakeTimeProvider(DateTimeOffset.UtcNow)).StartAsync();
        await restarted.WaitTurnsAsync();

        var announced = Assert.Single(await fleet.SystemEventsAsync("system.consumer.removed", FleetContractsJsonContext.Default.ConsumerRemoved));
        Assert.Equal(new ConsumerRemoved(TestFleet.Source, key, TestFleet.WorkerGroup, "dead-1", idle), announced);
        Assert.Empty(await fleet.EntriesAsync(fleet.Keys.Decisions(TestFleet.Source)));
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

    [Fact]
    public async Task Sweep_LeavesARunningReaperWhoseReadsFindNothing()
    {
        await using var fleet = await TestFleet.StartAsync(redis.Server);
        var ct = TestContext.Current.CancellationToken;
        var key = fleet.Keys.DeadLetters(TestFleet.Source);
        var settings = new Dictionary<string, string?> { ["Reaper:Consumers:IdleThreshold"] = "00:00:01" };
        await using var reaper = await ReaperHost.Build(fleet, "reaper-1", new FakeTimeProvider(DateTimeOffset.UtcNow), settings).StartAsync();
        await reaper.WaitTurnsAsync();

        // Redis 7.0 does not refresh a consumer's idle time on a blocking read that finds nothing: only the reaper's own
        // live-instance key tells the sweep that this consumer runs.
        await Eventually.TrueAsync(
            async () => (await fleet.Redis.XInfoConsumersAsync(key, "dead-letter-reaper", ct)).Single(c => c.Name == "reaper-1").Idle >= TimeSpan.FromSeconds(1),
            "the running reaper's consumer idle past the threshold");

        Assert.DoesNotContain(await reaper.Remover.SweepAsync(ct), removed => removed.Consumer == "reaper-1");
        Assert.Contains("reaper-1", (await fleet.Redis.XInfoConsumersAsync(key, "dead-letter-reaper", ct)).Select(c => c.Name));
    }
}
