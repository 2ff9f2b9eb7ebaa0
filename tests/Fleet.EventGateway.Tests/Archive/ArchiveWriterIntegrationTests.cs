using Fleet.EventGateway.Archive;
using Fleet.Testing;
using Fleet.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using NUlid;

namespace Fleet.EventGateway.Tests.Archive;

[Collection(ArchiveServers.Name)]
public sealed class ArchiveWriterIntegrationTests(RedisServerFixture redis, PostgresServerFixture postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WriteAsync_BatchHoldingAnArchivedEvent_WritesOnlyTheNewOnesAndGoesStraightInAgainAfterwards()
    {
        await using var archive = await ArchiveHarness.StartAsync(redis, postgres);
        // The archiver is off: this test is the writer's only caller. Starting the host applies the migrations.
        var host = archive.Build(settings: new Dictionary<string, string?> { ["Archive:ArchiverEnabled"] = "false" });
        await host.StartAsync(Cancel);
        await host.Services.GetRequiredService<ArchiveSchema>().WaitAsync(Cancel);
        var writer = host.Services.GetRequiredService<ArchiveWriter>();
        var (a, b, c, d) = (Row("1-0"), Row("2-0"), Row("3-0"), Row("4-0"));

        Assert.Equal(2, await writer.WriteAsync([a, b], [], Cancel));
        Assert.Equal(0, writer.StagedBatches);

        // b again (a redelivery) beside a new event: the direct COPY fails on b's key, the batch goes through the staging
        // table, c is written and b stays as it was first archived.
        Assert.Equal(1, await writer.WriteAsync([b with { EntryId = "9-0" }, c], [], Cancel));
        Assert.Equal(1, writer.StagedBatches);

        // The same event twice in one batch: written once.
        Assert.Equal(1, await writer.WriteAsync([d, d with { EntryId = "5-0" }], [], Cancel));
        Assert.Equal(2, writer.StagedBatches);

        // A batch of new events after those goes straight in again, on the same connection.
        Assert.Equal(1, await writer.WriteAsync([Row("6-0")], [], Cancel));
        Assert.Equal(2, writer.StagedBatches);

        Assert.Equal(5, await archive.EventCountAsync());
        Assert.Equal(1, await archive.ScalarAsync($"SELECT count(*) FROM archived_events WHERE id = '{b.Id}' AND entry_id = '2-0'"));
        Assert.Equal(1, await archive.ScalarAsync($"SELECT count(*) FROM archived_events WHERE id = '{d.Id}' AND entry_id = '4-0'"));
    }

    private static EventRow Row(string entryId)
    {
        var now = DateTimeOffset.UtcNow;
        var id = Ulid.NewUlid(now).ToString();
        return new EventRow(id, "file.uploaded", 1, now, null, null, "user-1", "contextual.events", entryId, $$"""{"file_id":"{{id}}"}""", null, null, null, now);
    }
}
