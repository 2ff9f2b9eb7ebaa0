namespace Fleet.DeadLetterReaper.Tests.DeadLetters;

/// <summary>
/// The policy on a real redis-server: what each error type gets, the cool-down on the reaper's (fake) clock, the re-drive
/// count carried on the entry until it is parked, and nothing left pending.
/// </summary>
public sealed class DeadLetterPolicyIntegrationTests(RedisServerFixture redis)
{
    private static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ParkedErrorTypes_AreParkedAtOnce_FieldForField()
    {
        await using var fleet = await TestFleet.StartAsync(redis.Server);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // Not an envelope at all: a field name and a value that are not UTF-8, as a hostile producer may write them.
        StreamField[] malformed = [new([0xff, 0xfe, 0x00, 0x41], new byte[] { 0x00, 0x01, 0xc3, 0x28 }), new("type", "Not A Type")];
        await fleet.AddDeadLetterAsync(malformed, DeadLetterErrorTypes.Malformed, time.GetUtcNow());
        string[] others = [DeadLetterErrorTypes.Validation, DeadLetterErrorTypes.UnknownVersion, DeadLetterErrorTypes.Permanent, "brand_new_type"];
        foreach (var errorType in others)
        {
            await fleet.AddDeadLetterAsync(errorType, time.GetUtcNow());
        }

        var deadLetters = await fleet.EntriesAsync(fleet.Keys.DeadLetters(TestFleet.Source));

        // Written before the reaper's first start: its group reads the dead letters from the beginning.
        await using var reaper = await ReaperHost.Build(fleet, "reaper-1", time).StartAsync();
        var events = await fleet.WaitForEventsAsync("system.dead_letter.parked", FleetContractsJsonContext.Default.DeadLetterParked, 5);
        await fleet.WaitAllDecidedAsync();

        var parked = await fleet.EntriesAsync(fleet.Keys.Parked(TestFleet.Source));
        Assert.Equal(5, parked.Count);
        Assert.Empty(await fleet.EntriesAsync(fleet.Keys.Stream(TestFleet.Source)));
        foreach (var deadLetter in deadLetters)
        {
            var announced = Assert.Single(events, e => e.DeadLetterId == deadLetter.Id.ToString());
            var entry = Assert.Single(parked, p => p.Id.ToString() == announced.ParkedEntryId);
            Assert.Equal(deadLetter.Fields, entry.Fields.Take(deadLetter.Fields.Count));
            Assert.Equal(ReaperFields.PolicyReason, TestFleet.Text(entry, ReaperFields.ParkedReason));
            Assert.Equal(EnvelopeCodec.FormatTimestamp(time.GetUtcNow()), TestFleet.Text(entry, ReaperFields.ParkedAt));
            Assert.Equal(ReaperFields.PolicyReason, announced.Reason);
            Assert.Equal(TestFleet.WorkerGroup, announced.Group);
            Assert.Equal("1700000000000-7", announced.OriginalEntryId);
        }

        var binary = Assert.Single(events, e => e.ErrorType == DeadLetterErrorTypes.Malformed);
        Assert.Null(binary.EventId);
        Assert.Null(binary.EventType);
        Assert.Contains(events, e => e.ErrorType == "brand_new_type");
    }

    [Fact]
    public async Task DeadLetterWithMoreFieldsThanAScriptCanCopy_IsParkedPacked_NothingLostNothingPending()
    {
        await using var fleet = await TestFleet.StartAsync(redis.Server);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // A hostile producer's entry of 5 000 fields, failed max_deliveries (whose policy would re-drive it), and one at
        // the limit, which still moves field for field.
        var huge = Enumerable.Range(0, 5_000).Select(i => new StreamField($"f{i}", $"value {i}")).ToArray();
        var hugeId = await fleet.AddDeadLetterAsync(huge, DeadLetterErrorTypes.MaxDeliveries, time.GetUtcNow() - TimeSpan.FromHours(1));
        var atLimit = Enumerable.Range(0, ReaperFields.MaxMovableFields - 9).Select(i => new StreamField($"g{i}", "v")).ToArray();
        var atLimitId = await fleet.AddDeadLetterAsync(atLimit, DeadLetterErrorTypes.Permanent, time.GetUtcNow());
        var deadLetters = await fleet.EntriesAsync(fleet.Keys.DeadLetters(TestFleet.Source));
        Assert.Equal(ReaperFields.MaxMovableFields, deadLetters.Single(d => d.Id == atLimitId).Fields.Count);

        await using var reaper = await ReaperHost.Build(fleet, "reaper-1", time).StartAsync();
        var events = await fleet.WaitForEventsAsync("system.dead_letter.parked", FleetContractsJsonContext.Default.DeadLetterParked, 2);
        await fleet.WaitAllDecidedAsync();

        var parked = await fleet.EntriesAsync(fleet.Keys.Parked(TestFleet.Source));
        var packedEvent = Assert.Single(events, e => e.DeadLetterId == hugeId.ToString());
        Assert.Equal(ReaperFields.OversizedReason, packedEvent.Reason);
        var packedEntry = Assert.Single(parked, p => p.Id.ToString() == packedEvent.ParkedEntryId);
        Assert.Equal(ReaperFields.OversizedReason, TestFleet.Text(packedEntry, ReaperFields.ParkedReason));
        var original = deadLetters.Single(d => d.Id == hugeId).Fields;
        Assert.Equal(original.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), TestFleet.Text(packedEntry, ReaperFields.PackedFieldCount));
        // Every field, in order, is in the packed copy (unpacked by Redis's own MessagePack library).
        var unpacked = await fleet.Redis.EvaluateAsync(new RedisScript("return cmsgpack.unpack(ARGV[1])"), [], [packedEntry[ReaperFields.PackedFields]], TestContext.Current.CancellationToken);
        Assert.Equal(original.SelectMany(f => new[] { f.Name.ToString(), f.Value.ToString() }), unpacked.Elements.Select(e => e.Value.ToString()));

        var movedEvent = Assert.Single(events, e => e.DeadLetterId == atLimitId.ToString());
        Assert.Equal(ReaperFields.PolicyReason, movedEvent.Reason);
        var moved = Assert.Single(parked, p => p.Id.ToString() == movedEvent.ParkedEntryId);
        Assert.Equal(deadLetters.Single(d => d.Id == atLimitId).Fields, moved.Fields.Take(ReaperFields.MaxMovableFields));
        Assert.Empty(await fleet.EntriesAsync(fleet.Keys.Stream(TestFleet.Source)));
    }

    [Fact]
    public async Task DeadLetterWithoutItsFields_IsParkedAndAnnouncedWithUnknowns()
    {
        await using var fleet = await TestFleet.StartAsync(redis.Server);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // Written by hand: no dlq_* field at all but a reason left blank.
        var id = (await fleet.Redis.XAddAsync(fleet.Keys.DeadLetters(TestFleet.Source), [new("junk", new byte[] { 0xff }), new(DeadLetterFields.ErrorMessage, " ")], cancellationToken: TestContext.Current.CancellationToken))!.Value;
        await using var reaper = await ReaperHost.Build(fleet, "reaper-1", time).StartAsync();

        var parked = Assert.Single(await fleet.WaitForEventsAsync("system.dead_letter.parked", FleetContractsJsonContext.Default.DeadLetterParked, 1));
        await fleet.WaitAllDecidedAsync();

        Assert.Equal(
            (id.ToString(), DeadLetter.Unknown, DeadLetter.Unknown, "0-0", DeadLetter.NoReason, ReaperFields.PolicyReason),
            (parked.DeadLetterId, parked.ErrorType, parked.Group, parked.OriginalEntryId, parked.ErrorMessage, parked.Reason));
    }

    [Fact]
    public async Task MaxDeliveries_IsRedrivenOnlyAfterItsCooldown_EachWaitingOneWhenDue()
    {
        await using var fleet = await TestFleet.StartAsync(redis.Server);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var failedAt = time.GetUtcNow();
        var (first, firstEvent) = Envelope();
        var (second, secondEvent) = Envelope();
        await fleet.AddDeadLetterAsync(first, DeadLetterErrorTypes.MaxDeliveries, failedAt);
        await fleet.AddDeadLetterAsync(second, DeadLetterErrorTypes.MaxDeliveries, failedAt + TimeSpan.FromSeconds(10));
        await using var reaper = await ReaperHost.Build(fleet, "reaper-1", time).StartAsync();
        await Eventually.TrueAsync(() => reaper.Loop.Waiting == 2, "both dead letters wait for their cool-down");

        time.Advance(Cooldown - TimeSpan.FromSeconds(1));
        await reaper.WaitTurnsAsync();
        Assert.Empty(await fleet.EntriesAsync(fleet.Keys.Stream(TestFleet.Source)));
        Assert.Equal(2, await fleet.ReaperPendingAsync());

        time.Advance(TimeSpan.FromSeconds(1));
        await fleet.WaitForEventsAsync("system.dead_letter.redriven", FleetContractsJsonContext.Default.DeadLetterRedriven, 1);
        await reaper.WaitTurnsAsync();
        Assert.Equal(firstEvent.ToString(), Assert.Single(await fleet.SystemEventsAsync("system.dead_letter.redriven", FleetContractsJsonContext.Default.DeadLetterRedriven)).EventId);
        Assert.Equal(1, reaper.Loop.Waiting);

        time.Advance(TimeSpan.FromSeconds(10));
        var redriven = await fleet.WaitForEventsAsync("system.dead_letter.redriven", FleetContractsJsonContext.Default.DeadLetterRedriven, 2);
        await fleet.WaitAllDecidedAsync();

        Assert.Equal([firstEvent.ToString(), secondEvent.ToString()], redriven.Select(e => e.EventId));
        Assert.All(redriven, e => Assert.Equal((1, "dlq", (string?)null), (e.Redrives, e.From, e.RequestId)));
        var source = await fleet.EntriesAsync(fleet.Keys.Stream(TestFleet.Source));
        Assert.Equal([.. first, new(ReaperFields.Redrives, "1")], source[0].Fields);
        Assert.Equal([.. second, new(ReaperFields.Redrives, "1")], source[1].Fields);
        Assert.Equal(source.Select(e => e.Id.ToString()), redriven.Select(e => e.NewEntryId));
        Assert.Empty(await fleet.EntriesAsync(fleet.Keys.Parked(TestFleet.Source)));
    }

    [Fact]
    public async Task FailingAgainAfterEachRedrive_IsParkedAfterMaxRedrives()
    {
        await using var fleet = await TestFleet.StartAsync(redis.Server);
        // The worker's dead letters carry the real time; the reaper's clock is ahead, so each is due at once.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow + TimeSpan.FromHours(1));
        var settings = new Dictionary<string, string?> { ["Reaper:Redrive:Cooldown"] = "00:00:00", ["Reaper:Redrive:MaxRedrives"] = "2" };
        // A real group of the fleet that fails every delivery and gives up after one: the runtime's own dead letters.
        await using var reaper = await ReaperHost.Build(fleet, "reaper-1", time, settings, events => events
            .AddConsumerGroup(TestFleet.Source, TestFleet.WorkerGroup, group => group
                .Handle<FileUploaded>((_, _) => throw new InvalidOperationException("the downstream service is down"))
                .Configure(o =>
                {
                    TestFleet.Quick(o);
                    o.MaxDeliveries = 1;
                }))).StartAsync();
        var upload = new FileUploaded(NUlid.Ulid.NewUlid().ToString(), "user-1", "a.txt", 3, "text/plain", "file:///tmp/a.txt");
        await reaper.Publisher.PublishAsync(TestFleet.Source, upload, cancellationToken: TestContext.Current.CancellationToken);

        var parked = Assert.Single(await fleet.WaitForEventsAsync("system.dead_letter.parked", FleetContractsJsonContext.Default.DeadLetterParked, 1));
        await fleet.WaitAllDecidedAsync();

        var redriven = await fleet.SystemEventsAsync("system.dead_letter.redriven", FleetContractsJsonContext.Default.DeadLetterRedriven);
        Assert.Equal([1, 2], redriven.Select(e => e.Redrives));
        Assert.Equal((ReaperFields.MaxRedrivesReason, 2, DeadLetterErrorTypes.MaxDeliveries), (parked.Reason, parked.Redrives, parked.ErrorType));
        var source = await fleet.EntriesAsync(fleet.Keys.Stream(TestFleet.Source));
        Assert.Equal(3, source.Count);
        Assert.Single(source.Select(e => TestFleet.Text(e, EnvelopeFields.Id)).Distinct());
        var entry = Assert.Single(await fleet.EntriesAsync(fleet.Keys.Parked(TestFleet.Source)));
        Assert.Equal("2", TestFleet.Text(entry, ReaperFields.Redrives));
        Assert.Equal(TestFleet.WorkerGroup, TestFleet.Text(entry, DeadLetterFields.Group));
        Assert.Equal(0, (await fleet.Redis.XPendingAsync(fleet.Keys.Stream(TestFleet.Source), TestFleet.WorkerGroup, TestContext.Current.CancellationToken)).Count);
    }

    private static (StreamField[] Fields, NUlid.Ulid EventId) Envelope()
    {
        var (eventId, fields) = TestFleet.Envelope();
        return (fields, eventId);
    }
}
