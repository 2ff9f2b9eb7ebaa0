
namespace Fleet.DeadLetterReaper.Tests.DeadLetters;

/// <summary>
/// Each decision is one script: a reaper killed between it and its event still announces it (once, at its next start),
/// and two reapers never decide one dead letter twice, whether they race on the script or share the dead letters.
/// </summary>
public sealed class DecisionAtomicityIntegrationTests(RedisServerFixture redis)
{
    private static string Dlq(TestFleet fleet) => fleet.Keys.DeadLetters(TestFleet.Source);

    [Fact]
    public async Task ReaperKilledBetweenScriptAndPublish_AnnouncesTheDecisionOnceOnRestart()
    {
        await using var fleet = await TestFleet.StartAsync(redis.Server);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (parkedId, _) = await fleet.AddDeadLetterAsync(DeadLetterErrorTypes.Permanent, time.GetUtcNow());
        var (redrivenId, _) = await fleet.AddDeadLetterAsync(DeadLetterErrorTypes.MaxDeliveries, time.GetUtcNow() - TimeSpan.FromMinutes(5));

        // What reaper-1 did before it was killed: read both dead letters and ran both scripts, and published nothing.
        var ct = TestContext.Current.CancellationToken;
        await fleet.Redis.XGroupCreateAsync(Dlq(fleet), ReaperKeys.Group, StreamPosition.Beginning, makeStream: true, cancellationToken: ct);
        var read = await fleet.Redis.XReadGroupAsync(ReaperKeys.Group, "reaper-1", Dlq(fleet), count: 10, cancellationToken: ct);
        await using (var killed = ReaperHost.Build(fleet, "reaper-1", time))
        {
            Assert.NotNull(await killed.Mover.ParkAsync(DeadLetter.Read(TestFleet.Source, read[0]), ReaperFields.PolicyReason, ct));
            Assert.NotNull(await killed.Mover.RedriveAsync(DeadLetter.Read(TestFleet.Source, read[1]), fromParked: false, requestId: null, ct));
        }

        Assert.Equal(2, (await fleet.EntriesAsync(fleet.Keys.Decisions(TestFleet.Source))).Count);
        Assert.Empty(await fleet.EntriesAsync(fleet.Keys.Stream(FleetStreams.System)));

        await using var restarted = await ReaperHost.Build(fleet, "reaper-1", time).StartAsync();
        await fleet.WaitAllDecidedAsync();
        await restarted.WaitTurnsAsync();

        var parked = Assert.Single(await fleet.SystemEventsAsync("system.dead_letter.parked", FleetContractsJsonContext.Default.DeadLetterParked));
        var redriven = Assert.Single(await fleet.SystemEventsAsync("system.dead_letter.redriven", FleetContractsJsonContext.Default.DeadLetterRedriven));
        Assert.Equal(parkedId.ToString(), parked.DeadLetterId);
        Assert.Equal(redrivenId.ToString(), redriven.DeadLetterId);
        Assert.Single(await fleet.EntriesAsync(fleet.Keys.Parked(TestFleet.Source)));
        Assert.Equal(redriven.NewEntryId, Assert.Single(await fleet.EntriesAsync(fleet.Keys.Stream(TestFleet.Source))).Id.ToString());
    }

    [Fact]
    public async Task LoggedDecisionTheContractRefuses_IsDropped_AndTheOthersAreAnnounced()
    {
        await using var fleet = await TestFleet.StartAsync(redis.Server);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // A log entry no reaper writes: its dead letter id is not an entry id, so its event would never validate.
        await fleet.Redis.XAddAsync(
            fleet.Keys.Decisions(TestFleet.Source),
            [new("entry_id", "1-1"), new("kind", Decision.Parked), new("dead_letter_id", "not-an-id"), new("maker", "reaper-1")],
            cancellationToken: TestContext.Current.CancellationToken);
        var (deadLetterId, _) = await fleet.AddDeadLetterAsync(DeadLetterErrorTypes.Permanent, time.GetUtcNow());

        await using var reaper = await ReaperHost.Build(fleet, "reaper-1", time).StartAsync();
        await fleet.WaitAllDecidedAsync();

        var parked = Assert.Single(await fleet.SystemEventsAsync("system.dead_letter.parked", FleetContractsJsonContext.Default.DeadLetterParked));
        Assert.Equal(deadLetterId.ToString(), parked.DeadLetterId);
    }

    [Fact]
    public async Task TwoReapersRacingOnOneDeadLetter_OnlyOneScriptDecidesIt()
    {
        await using var fleet = await TestFleet.StartAsync(redis.Server);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 50; i++)
        {
            await fleet.AddDeadLetterAsync(DeadLetterErrorTypes.MaxDeliveries, time.GetUtcNow());
        }

        // Both hold every dead letter (one read it, the other claimed it as if the first looked dead) and decide at once:
        // one to park, the other to re-drive.
        await fleet.Redis.XGroupCreateAsync(Dlq(fleet), ReaperKeys.Group, StreamPosition.Beginning, makeStream: true, cancellationToken: ct);
        var letters = (await fleet.Redis.XReadGroupAsync(ReaperKeys.Group, "reaper-1", Dlq(fleet), count: 100, cancellationToken: ct))
            .Select(entry => DeadLetter.Read(TestFleet.Source, entry)).ToArray();
        await using var first = ReaperHost.Build(fleet, "reaper-1", time);
        await using var second = ReaperHost.Build(fleet, "reaper-2", time);
        var outcomes = await Task.WhenAll(letters.Select(async letter =>
        {
            var park = first.Mover.ParkAsync(letter, ReaperFields.PolicyReason, ct).AsTask();
            var redrive = second.Mover.RedriveAsync(letter, fromParked: false, requestId: null, ct).AsTask();
            return (await park, await redrive);
        }));

        Assert.All(outcomes, outcome => Assert.True(outcome.Item1 is null ^ outcome.Item2 is null, "exactly one script decides each dead letter"));
        var parked = await fleet.EntriesAsync(fleet.Keys.Parked(TestFleet.Source));
        var source = await fleet.EntriesAsync(fleet.Keys.Stream(TestFleet.Source));
        Assert.Equal(50, parked.Count + source.Count);
        Assert.Equal(50, parked.Concat(source).Select(entry => TestFleet.Text(entry, EnvelopeFields.Id)).Distinct().Count());
        Assert.Equal(50, (await fleet.EntriesAsync(fleet.Keys.Decisions(TestFleet.Source))).Count);
        Assert.Empty(await fleet.EntriesAsync(Dlq(fleet)));
        Assert.Equal(0, await fleet.ReaperPendingAsync());
    }

    [Fact]
    public async Task TwoRunningReapers_DecideEveryDeadLetterOnce()
    {
        await using var fleet = await TestFleet.StartAsync(redis.Server);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = new Dictionary<string, string?> { ["Reaper:Redrive:Cooldown"] = "00:00:00" };
        await using var first = await ReaperHost.Build(fleet, "reaper-1", time, settings).StartAsync();
        await using var second = await ReaperHost.Build(fleet, "reaper-2", time, settings).StartAsync();
        for (var i = 0; i < 200; i++)
        {
            await fleet.AddDeadLetterAsync(i % 2 == 0 ? DeadLetterErrorTypes.MaxDeliveries : DeadLetterErrorTypes.Validation, time.GetUtcNow());
        }

        await fleet.WaitAllDecidedAsync();

        var parked = await fleet.EntriesAsync(fleet.Keys.Parked(TestFleet.Source));
        var source = await fleet.EntriesAsync(fleet.Keys.Stream(TestFleet.Source));
        Assert.Equal((100, 100), (parked.Count, source.Count));
        Assert.Equal(200, parked.Concat(source).Select(entry => TestFleet.Text(entry, EnvelopeFields.Id)).Distinct().Count());
        var parkedEvents = await fleet.SystemEventsAsync("system.dead_letter.parked", FleetContractsJsonContext.Default.DeadLetterParked);
        var redrivenEvents = await fleet.SystemEventsAsync("system.dead_letter.redriven", FleetContractsJsonContext.Default.DeadLetterRedriven);
        Assert.Equal(200, parkedEvents.Select(e => e.DeadLetterId).Concat(redrivenEvents.Select(e => e.DeadLetterId)).Distinct().Count());
        Assert.Equal(200, parkedEvents.Count + redrivenEvents.Count);
    }
}
