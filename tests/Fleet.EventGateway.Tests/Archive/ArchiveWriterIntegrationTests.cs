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

    [Fact]
    public async Task WriteAsync_OnAPooledConnectionAnEarlierWriterLeftItsTablesOn_Writes()
    {
        await using var archive = await ArchiveHarness.StartAsync(redis, postgres);
        var host = archive.Build(settings: new Dictionary<string, string?> { ["Archive:ArchiverEnabled"] = "false" });
        await host.StartAsync(Cancel);
        await host.Services.GetRequiredService<ArchiveSchema>().WaitAsync(Cancel);
        // One connection in the pool: the second writer gets the first one's, not reset (the archive's default).
        await using var dataSource = ArchiveDataSource.Create(new Npgsql.NpgsqlConnectionStringBuilder(archive.ConnectionString) { MaxPoolSize = 1 }.ConnectionString);
        var (a, b) = (Row("1-0"), Row("2-0"));

        await using (var first = new ArchiveWriter(dataSource))
        {
            Assert.Equal(1, await first.WriteAsync([a], [], Cancel));
        }

        await using var second = new ArchiveWriter(dataSource);
        Assert.Equal(1, await second.WriteAsync([b], [], Cancel));
        Assert.Equal(2, await archive.EventCountAsync());
    }

    [Theory]
    [InlineData("", true, 32)]
    [InlineData(";No Reset On Close=false;Max Auto Prepare=5", false, 5)]
    public void ArchiveDataSource_DefaultsWhereTheConnectionStringIsSilent(string given, bool noReset, int autoPrepare)
    {
        using var dataSource = ArchiveDataSource.Create("Host=localhost;Database=fleet;Username=fleet" + given);
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(dataSource.ConnectionString);

        Assert.Equal((noReset, autoPrepare), (settings.NoResetOnClose, settings.MaxAutoPrepare));
    }

    private static EventRow Row(string entryId)
    {
        var now = DateTimeOffset.UtcNow;
        var id = Ulid.NewUlid(now).ToString();
        return new EventRow(id, "file.uploaded", 1, now, null, null, "user-1", "contextual.events", entryId, $$"""{"file_id":"{{id}}"}""", null, null, null, now);
    }
}
