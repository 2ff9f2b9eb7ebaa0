using System.Text.Json;
using Fleet.Contracts;
using Fleet.EventGateway.Archive;
using Fleet.Events;
using Fleet.Redis;
using Fleet.Testing;
using Fleet.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.EventGateway.Tests.Archive;

[Collection(ArchiveServers.Name)]
public sealed class ArchiverIntegrationTests(RedisServerFixture redis, PostgresServerFixture postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Archiver_EventsDeadLettersAndParkedEntries_ArchivedWithTheirReasonsAndAcknowledged()
    {
        await using var archive = await ArchiveHarness.StartAsync(redis, postgres);
        var stream = FleetStreams.Contextual;
        var (eventId, fields) = ArchiveHarness.Envelope(userId: "user-7");
        await archive.AddAsync(archive.Keys.Stream(stream), fields);
        var deadLetterId = await archive.AddDeadLetterAsync(archive.Keys.DeadLetters(stream), stream, fields, DeadLetterErrorTypes.MaxDeliveries);
        var parkedId = await archive.AddDeadLetterAsync(archive.Keys.Parked(stream), stream, fields, DeadLetterErrorTypes.MaxDeliveries, new StreamField("parked_reason", "policy"));
        var host = await archive.StartHostAsync();

        await Eventually.TrueAsync(
            async () => await archive.EventCountAsync() == 1 && await archive.EntryCountAsync("dead_letter") == 1 && await archive.EntryCountAsync("parked") == 1 && await archive.PendingAsync(stream) == 0,
            "the event, the dead letter and the parked entry archived, nothing pending");

        var queries = host.Services.GetRequiredService<IEventArchive>();
        var archived = await queries.FindAsync(eventId, Cancel);
        Assert.NotNull(archived);
        Assert.Equal(("file.uploaded", stream, "user-7", ArchiveKind.Event), (archived.Type, archived.Stream, archived.UserId, archived.Kind));
        Assert.Equal(eventId, archived.Data.GetProperty("fileId").GetString());
        Assert.Equal("test", archived.Metadata!.Value.GetProperty("source").GetString());

        var deadLetter = Assert.Single((await queries.QueryAsync(new ArchiveQuery { Kind = ArchiveKind.DeadLetter }, Cancel)).Events);
        Assert.Equal((eventId, deadLetterId.ToString()), (deadLetter.Id, deadLetter.EntryId));
        Assert.Equal(DeadLetterErrorTypes.MaxDeliveries, deadLetter.DeadLetter![DeadLetterFields.ErrorType]);
        Assert.Equal("worker", deadLetter.DeadLetter[DeadLetterFields.Group]);
        Assert.Equal("it failed: max_deliveries", deadLetter.DeadLetter[DeadLetterFields.ErrorMessage]);

        var parked = Assert.Single((await queries.QueryAsync(new ArchiveQuery { Kind = ArchiveKind.Parked }, Cancel)).Events);
        Assert.Equal((eventId, parkedId.ToString(), "policy"), (parked.Id, parked.EntryId, parked.DeadLetter!["parked_reason"]));
    }

    [Fact]
    public async Task Archiver_SameEventDeliveredTwice_IsArchivedOnce()
    {
        await using var archive = await ArchiveHarness.StartAsync(redis, postgres);
        var stream = FleetStreams.User;
        var (eventId, fields) = ArchiveHarness.Envelope();
        await archive.AddAsync(archive.Keys.Stream(stream), fields);
        await archive.StartHostAsync();
        await archive.WaitArchivedAsync(1, stream);

        // The same event again (a re-drive or a replay writes the same id), then a new one to know the first was read.
        await archive.AddAsync(archive.Keys.Stream(stream), fields);
        var (_, next) = ArchiveHarness.Envelope();
        await archive.AddAsync(archive.Keys.Stream(stream), next);
        await archive.WaitArchivedAsync(2, stream);

        Assert.Equal(2, await archive.EventCountAsync());
        Assert.Equal(1, await archive.ScalarAsync($"SELECT count(*) FROM archived_events WHERE id = '{eventId}'"));
    }

    [Fact]
    public async Task Archiver_MalformedEntries_ArchivedAsTheyCameAndAcknowledged()
    {
        await using var archive = await ArchiveHarness.StartAsync(redis, postgres);
        var stream = FleetStreams.System;
        var key = archive.Keys.Stream(stream);
        var noEnvelope = await archive.AddAsync(key, [new("hello", "world"), new("hello", "again")]);
        var (_, fields) = ArchiveHarness.Envelope();
        var nul = await archive.AddAsync(key, [.. fields.Where(f => f.Name != EnvelopeFields.Data), new(EnvelopeFields.Data, """{"text":"a\u0000b"}""")]);
        var binary = await archive.AddAsync(key, [new("id", new byte[] { 0xff, 0x00, 0x01 })]);
        await archive.StartHostAsync();

        await Eventually.TrueAsync(async () => await archive.EntryCountAsync("event") == 3 && await archive.PendingAsync(stream) == 0, "three malformed entries archived, nothing pending");

        Assert.Equal(0, await archive.EventCountAsync());
        await using var command = archive.DataSource.CreateCommand("SELECT entry_id, fields::text, error FROM archived_entries ORDER BY entry_id");
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        var rows = new Dictionary<string, (JsonElement Fields, string Error)>();
        while (await reader.ReadAsync(Cancel))
        {
            rows[reader.GetString(0)] = (JsonDocument.Parse(reader.GetString(1)).RootElement, reader.GetString(2));
        }

        // Both fields, in order, the repeated name kept (an object would have lost one).
        Assert.Equal(
            [["hello", "world"], ["hello", "again"]],
            rows[noEnvelope.ToString()].Fields.EnumerateArray().Select(pair => pair.EnumerateArray().Select(value => value.GetString()!).ToArray()).ToArray());
        Assert.Contains("'id'", rows[noEnvelope.ToString()].Error, StringComparison.Ordinal);
        Assert.Contains("\\u0000", rows[nul.ToString()].Error, StringComparison.Ordinal);
        Assert.Equal(Convert.ToBase64String([0xff, 0x00, 0x01]), rows[binary.ToString()].Fields[0][1].GetProperty("base64").GetString());
    }

    [Fact]
    public async Task Archiver_StreamAndTypeFilters_LeaveOutWhatTheyExcludeAndAcknowledgeIt()
    {
        await using var archive = await ArchiveHarness.StartAsync(redis, postgres);
        await archive.AddAsync(archive.Keys.Stream(FleetStreams.Market), ArchiveHarness.Envelope("market.data.collected").Fields);
        var (trend, trendFields) = ArchiveHarness.Envelope("market.trend.detected");
        await archive.AddAsync(archive.Keys.Stream(FleetStreams.Market), trendFields);
        var (uploaded, uploadedFields) = ArchiveHarness.Envelope("file.uploaded");
        await archive.AddAsync(archive.Keys.Stream(FleetStreams.Contextual), uploadedFields);
        await archive.AddAsync(archive.Keys.Stream(FleetStreams.Contextual), ArchiveHarness.Envelope("file.processed").Fields);
        await archive.AddAsync(archive.Keys.Stream(FleetStreams.User), ArchiveHarness.Envelope("user.created").Fields);
        await archive.StartHostAsync(settings: new Dictionary<string, string?>
        {
            ["Archive:Streams:0"] = FleetStreams.Market,
            ["Archive:Streams:1"] = FleetStreams.Contextual,
            ["Archive:ExcludeTypes:0"] = "file.processed",
            ["Archive:StreamTypes:market.events:ExcludeTypes:0"] = "market.data.*",
        });

        await Eventually.TrueAsync(async () => await archive.PendingAsync(FleetStreams.Market, FleetStreams.Contextual) == 0 && await archive.EventCountAsync() == 2, "two events archived, the others acknowledged");

        Assert.Equal(2, await archive.ScalarAsync($"SELECT count(*) FROM archived_events WHERE id IN ('{trend}', '{uploaded}')"));
        Assert.Empty(await archive.Redis.XInfoGroupsAsync(archive.Keys.Stream(FleetStreams.User), Cancel));
    }

    [Fact]
    public async Task Archiver_PostgresStoppedThenRestarted_LosesNothingAndLeavesNothingPending()
    {
        await using var archive = await ArchiveHarness.StartAsync(redis, postgres);
        var stream = FleetStreams.Notification;
        var key = archive.Keys.Stream(stream);
        var host = await archive.StartHostAsync();
        var status = host.Services.GetRequiredService<ArchiverStatus>();
        await archive.AddAsync(key, ArchiveHarness.Envelope().Fields);
        await archive.WaitArchivedAsync(1, stream);

        await postgres.Server.StopAsync();
        try
        {
            for (var i = 0; i < 50; i++)
            {
                await archive.AddAsync(key, ArchiveHarness.Envelope().Fields);
            }

            // Read, not written, not acknowledged: the entries wait in the group's pending list and readiness says why.
            await Eventually.TrueAsync(() => status.Failure is not null, "the archiver reports PostgreSQL down");
            var health = await host.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>().CheckHealthAsync(Cancel);
            Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, health.Entries["archive"].Status);
            Assert.True(await archive.PendingAsync(stream) > 0);
        }
        finally
        {
            await postgres.Server.RestartAsync(Cancel);
        }

        await archive.WaitArchivedAsync(51, stream);
        Assert.Equal(51, await archive.EventCountAsync());
        await Eventually.TrueAsync(() => status.Failure is null, "the archiver reports healthy again");
    }

    [Fact]
    public async Task Archiver_DeadConsumersPendingEntries_AreClaimedAndArchived()
    {
        await using var archive = await ArchiveHarness.StartAsync(redis, postgres);
        var stream = FleetStreams.Ai;
        var key = archive.Keys.Stream(stream);
        await archive.Redis.XGroupCreateIfMissingAsync(key, Archiver.Group, "0", makeStream: true, cancellationToken: Cancel);
        for (var i = 0; i < 5; i++)
        {
            await archive.AddAsync(key, ArchiveHarness.Envelope().Fields);
        }

        // Another archiver read them and died before writing them.
        Assert.Equal(5, (await archive.Redis.XReadGroupAsync(Archiver.Group, "archiver-dead", key, ">", 10, cancellationToken: Cancel)).Count);
        await archive.StartHostAsync(settings: new Dictionary<string, string?>
        {
            ["Archive:ClaimIdleTime"] = "00:00:01",
            ["Archive:ClaimInterval"] = "00:00:00.100",
        });

        await archive.WaitArchivedAsync(5, stream);
        var consumers = await archive.Redis.XInfoConsumersAsync(key, Archiver.Group, Cancel);
        Assert.Equal(0, consumers.Single(c => c.Name == "archiver-dead").Pending);
    }

    [Fact]
    public async Task Archiver_StreamDeletedUnderIt_RecreatesItsGroupAndArchivesWhatFollows()
    {
        await using var archive = await ArchiveHarness.StartAsync(redis, postgres);
        var stream = FleetStreams.Market;
        var key = archive.Keys.Stream(stream);
        await archive.StartHostAsync();
        await archive.AddAsync(key, ArchiveHarness.Envelope("market.trend.detected").Fields);
        await archive.WaitArchivedAsync(1, stream);

        // As after FLUSHALL or a restart without persistence: the group is gone (NOGROUP on the next read).
        await archive.Redis.DeleteAsync(key, Cancel);
        await archive.AddAsync(key, ArchiveHarness.Envelope("market.trend.detected").Fields);

        await archive.WaitArchivedAsync(2, stream);
    }
}
