
namespace Fleet.DeadLetterReaper.Tests.Requests;

/// <summary>An operator's re-drive and purge of parked entries, by ids and by filter, as events on system.events.</summary>
public sealed class OperatorRequestsIntegrationTests(RedisServerFixture redis)
{
    [Fact]
    public async Task RedriveAndPurge_ByIdsAndByFilter_EachAnnounced()
    {
        await using var fleet = await TestFleet.StartAsync(redis.Server);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var ct = TestContext.Current.CancellationToken;
        var (_, first) = await fleet.AddDeadLetterAsync(DeadLetterErrorTypes.Validation, time.GetUtcNow());
        var (_, second) = await fleet.AddDeadLetterAsync(DeadLetterErrorTypes.Validation, time.GetUtcNow());
        await fleet.AddDeadLetterAsync(DeadLetterErrorTypes.Permanent, time.GetUtcNow());
        await fleet.AddDeadLetterAsync([new("not", "an envelope")], DeadLetterErrorTypes.Malformed, time.GetUtcNow());
        await using var reaper = await ReaperHost.Build(fleet, "reaper-1", time).StartAsync();
        await fleet.WaitForEventsAsync("system.dead_letter.parked", FleetContractsJsonContext.Default.DeadLetterParked, 4);
        var parked = await fleet.EntriesAsync(fleet.Keys.Parked(TestFleet.Source));
        string Parked(NUlid.Ulid eventId) => parked.Single(e => TestFleet.Text(e, EnvelopeFields.Id) == eventId.ToString()).Id.ToString();
        string ParkedOf(string errorType) => parked.Single(e => TestFleet.Text(e, DeadLetterFields.ErrorType) == errorType).Id.ToString();

        // By ids: the first validation entry only.
        var byIds = await reaper.Publisher.PublishAsync(FleetStreams.System, new DeadLetterRedriveRequested(new ParkedEntrySelection(TestFleet.Source, EntryIds: [Parked(first)]), "ops-alice"), cancellationToken: ct);
        var redriven = Assert.Single(await fleet.WaitForEventsAsync("system.dead_letter.redriven", FleetContractsJsonContext.Default.DeadLetterRedriven, 1));
        Assert.Equal((Decision.Parked, Parked(first), byIds.EventId.ToString(), first.ToString(), 1), (redriven.From, redriven.DeadLetterId, redriven.RequestId, redriven.EventId, redriven.Redrives));

        // By filter: the validation entries left (the second one), not the permanent or malformed ones.
        var byFilter = await reaper.Publisher.PublishAsync(FleetStreams.System, new DeadLetterRedriveRequested(new ParkedEntrySelection(TestFleet.Source, ErrorType: DeadLetterErrorTypes.Validation)), cancellationToken: ct);
        var both = await fleet.WaitForEventsAsync("system.dead_letter.redriven", FleetContractsJsonContext.Default.DeadLetterRedriven, 2);
        Assert.Equal((Parked(second), byFilter.EventId.ToString()), (both[1].DeadLetterId, both[1].RequestId));

        var source = await fleet.EntriesAsync(fleet.Keys.Stream(TestFleet.Source));
        Assert.Equal([first.ToString(), second.ToString()], source.Select(e => TestFleet.Text(e, EnvelopeFields.Id)));
        Assert.All(source, e => Assert.DoesNotContain(e.Fields, f => f.Name.StartsWith("dlq_", StringComparison.Ordinal) || f.Name.StartsWith("parked_", StringComparison.Ordinal)));
        Assert.Equal(both.Select(e => e.NewEntryId), source.Select(e => e.Id.ToString()));

        // Purge by ids, then by filter on the event type: the malformed entry has none, so a type filter leaves it; its error type does not.
        var purgeIds = await reaper.Publisher.PublishAsync(FleetStreams.System, new DeadLetterPurgeRequested(new ParkedEntrySelection(TestFleet.Source, EntryIds: [ParkedOf(DeadLetterErrorTypes.Permanent), "1-1"])), cancellationToken: ct);
        var purged = Assert.Single(await fleet.WaitForEventsAsync("system.dead_letter.purged", FleetContractsJsonContext.Default.DeadLetterPurged, 1));
        Assert.Equal((purgeIds.EventId.ToString(), 1, ParkedOf(DeadLetterErrorTypes.Permanent)), (purged.RequestId, purged.Count, Assert.Single(purged.EntryIds)));

        await reaper.Publisher.PublishAsync(FleetStreams.System, new DeadLetterPurgeRequested(new ParkedEntrySelection(TestFleet.Source, EventType: "file.uploaded")), cancellationToken: ct);
        var none = (await fleet.WaitForEventsAsync("system.dead_letter.purged", FleetContractsJsonContext.Default.DeadLetterPurged, 2))[1];
        Assert.Equal(0, none.Count);
        await reaper.Publisher.PublishAsync(FleetStreams.System, new DeadLetterPurgeRequested(new ParkedEntrySelection(TestFleet.Source, ErrorType: DeadLetterErrorTypes.Malformed)), cancellationToken: ct);
        var malformed = (await fleet.WaitForEventsAsync("system.dead_letter.purged", FleetContractsJsonContext.Default.DeadLetterPurged, 3))[2];
        Assert.Equal([ParkedOf(DeadLetterErrorTypes.Malformed)], malformed.EntryIds);

        Assert.Empty(await fleet.EntriesAsync(fleet.Keys.Parked(TestFleet.Source)));
        Assert.Empty(await fleet.EntriesAsync(fleet.Keys.Decisions(TestFleet.Source)));
        await Eventually.TrueAsync(
            async () => (await fleet.Redis.XPendingAsync(fleet.Keys.Stream(FleetStreams.System), ReaperKeys.Group, ct)).Count == 0,
            "the requests are acknowledged");
    }

    [Fact]
    public async Task Selection_OfAStreamNotWatched_IsPermanent()
    {
        await using var fleet = await TestFleet.StartAsync(redis.Server);
        await using var reaper = ReaperHost.Build(fleet, "reaper-1", new FakeTimeProvider(DateTimeOffset.UtcNow));

        var error = await Assert.ThrowsAsync<PermanentEventException>(() => reaper.Parked.SelectAsync(new ParkedEntrySelection(FleetStreams.Market), TestContext.Current.CancellationToken));

        Assert.Contains("market.events", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Selection_ByFilter_TakesTheOldestUpToItsLimit()
    {
        await using var fleet = await TestFleet.StartAsync(redis.Server);
        await using var reaper = ReaperHost.Build(fleet, "reaper-1", new FakeTimeProvider(DateTimeOffset.UtcNow));
        var ids = new List<RedisStreamId>();
        for (var i = 0; i < 5; i++)
        {
            var (eventId, fields) = TestFleet.Envelope();
            ids.Add((await fleet.Redis.XAddAsync(fleet.Keys.Parked(TestFleet.Source), [.. fields, new(DeadLetterFields.ErrorType, i == 1 ? DeadLetterErrorTypes.Permanent : DeadLetterErrorTypes.Validation)], cancellationToken: TestContext.Current.CancellationToken))!.Value);
        }

        var selected = await reaper.Parked.SelectAsync(new ParkedEntrySelection(TestFleet.Source, ErrorType: DeadLetterErrorTypes.Validation, Limit: 3), TestContext.Current.CancellationToken);

        Assert.Equal([ids[0], ids[2], ids[3]], selected.Select(letter => letter.Id));
    }
}
