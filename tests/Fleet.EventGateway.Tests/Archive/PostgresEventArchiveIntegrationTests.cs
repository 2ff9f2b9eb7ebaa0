using System.Text.Json;
using Fleet.EventGateway.Archive;
using Fleet.Testing;
using Fleet.Testing.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using NUlid;

namespace Fleet.EventGateway.Tests.Archive;

[Collection(ArchiveServers.Name)]
public sealed class PostgresEventArchiveIntegrationTests(RedisServerFixture redis, PostgresServerFixture postgres)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Query_PagedByCursor_ReturnsEveryMatchOnceInTimeThenIdOrder()
    {
        await using var archive = await ArchiveHarness.StartAsync(redis, postgres);
        var queries = await MigratedAsync(archive);

        // Three events share each millisecond, so the id decides their order within it.
        var rows = Enumerable.Range(0, 90).Select(i => Row(Start.AddMilliseconds(i / 3), stream: i % 2 == 0 ? "user.events" : "ai.events")).ToList();
        await new ArchiveBulkWriter(archive.DataSource).WriteAsync(rows, Cancel);

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await queries.QueryAsync(new ArchiveQuery { Stream = "user.events", Limit = 7, Cursor = cursor }, Cancel);
            seen.AddRange(page.Events.Select(e => e.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        var expected = rows.Where(r => r.Stream == "user.events").OrderBy(r => r.Timestamp).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => r.Id).ToList();
        Assert.Equal(expected, seen);
        Assert.Equal(7, pages);
    }

    [Fact]
    public async Task Query_Filters_CombineWithAnd()
    {
        await using var archive = await ArchiveHarness.StartAsync(redis, postgres);
        var queries = await MigratedAsync(archive);
        var correlation = Ulid.NewUlid().ToString();
        ArchivedEvent[] rows =
        [
            Row(Start, type: "file.uploaded", userId: "u1", correlationId: correlation),
            Row(Start.AddMinutes(1), type: "file.uploaded", userId: "u2", correlationId: correlation),
            Row(Start.AddMinutes(2), type: "file.processed", userId: "u1", correlationId: correlation),
            Row(Start.AddMinutes(3), type: "file.uploaded", userId: "u1"),
        ];
        await new ArchiveBulkWriter(archive.DataSource).WriteAsync(rows, Cancel);

        var page = await queries.QueryAsync(new ArchiveQuery { Type = "file.uploaded", UserId = "u1", From = Start, To = Start.AddMinutes(3) }, Cancel);
        Assert.Equal([rows[0].Id], page.Events.Select(e => e.Id));
        Assert.Null(page.NextCursor);

        var byCorrelation = await queries.QueryAsync(new ArchiveQuery { CorrelationId = correlation, From = Start.AddMinutes(1) }, Cancel);
        Assert.Equal([rows[1].Id, rows[2].Id], byCorrelation.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task Conversation_AcrossStreams_InTimeOrderWithItsFirstEvent()
    {
        await using var archive = await ArchiveHarness.StartAsync(redis, postgres);
        var queries = await MigratedAsync(archive);
        var first = Row(Start, stream: "contextual.events");
        ArchivedEvent[] rows =
        [
            Row(Start.AddSeconds(3), stream: "notification.events", correlationId: first.Id),
            first,
            Row(Start.AddSeconds(1), stream: "ai.events", correlationId: first.Id),
            Row(Start.AddSeconds(2), stream: "contextual.events", correlationId: first.Id),
            Row(Start.AddSeconds(2), stream: "contextual.events", correlationId: Ulid.NewUlid().ToString()),
        ];
        await new ArchiveBulkWriter(archive.DataSource).WriteAsync(rows, Cancel);

        var conversation = await queries.ConversationAsync(first.Id, 100, Cancel);

        Assert.Equal([first.Id, rows[2].Id, rows[3].Id, rows[0].Id], conversation.Select(e => e.Id));
        Assert.Equal(["contextual.events", "ai.events", "contextual.events", "notification.events"], conversation.Select(e => e.Stream));
        Assert.Equal(2, (await queries.ConversationAsync(first.Id, 2, Cancel)).Count);
    }

    [Fact]
    public async Task Query_CursorNotFromThisQuery_IsRefused()
    {
        await using var archive = await ArchiveHarness.StartAsync(redis, postgres);
        var queries = await MigratedAsync(archive);
        await new ArchiveBulkWriter(archive.DataSource).WriteAsync([Row(Start), Row(Start.AddSeconds(1))], Cancel);
        var cursor = (await queries.QueryAsync(new ArchiveQuery { Limit = 1 }, Cancel)).NextCursor;
        Assert.NotNull(cursor);

        await Assert.ThrowsAsync<ArgumentException>(() => queries.QueryAsync(new ArchiveQuery { Cursor = "not-a-cursor" }, Cancel));
        await Assert.ThrowsAsync<ArgumentException>(() => queries.QueryAsync(new ArchiveQuery { Cursor = cursor, Kind = ArchiveKind.DeadLetter }, Cancel));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queries.QueryAsync(new ArchiveQuery { Limit = 1001 }, Cancel));
    }

    [Fact]
    public async Task Size_CountsEachKindAndTheBytesOnDisk()
    {
        await using var archive = await ArchiveHarness.StartAsync(redis, postgres);
        var queries = await MigratedAsync(archive);
        var deadLetter = Row(Start) with { Kind = ArchiveKind.DeadLetter, DeadLetter = new Dictionary<string, string> { ["dlq_error_type"] = "malformed" } };
        await new ArchiveBulkWriter(archive.DataSource).WriteAsync([Row(Start), Row(Start), Row(Start), deadLetter, Row(Start) with { Kind = ArchiveKind.Parked }], Cancel);

        var size = await queries.SizeAsync(Cancel);

        Assert.Equal((3, 1, 1), (size.Events, size.DeadLetters, size.Parked));
        Assert.True(size.Bytes > 0);
        var found = Assert.Single((await queries.QueryAsync(new ArchiveQuery { Kind = ArchiveKind.DeadLetter }, Cancel)).Events);
        Assert.Equal((deadLetter.Id, "malformed"), (found.Id, found.DeadLetter!["dlq_error_type"]));
    }

    private static async Task<PostgresEventArchive> MigratedAsync(ArchiveHarness archive)
    {
        await new ArchiveMigrator(archive.DataSource, TimeProvider.System, NullLogger<ArchiveMigrator>.Instance).MigrateAsync(Cancel);
        return new PostgresEventArchive(archive.DataSource);
    }

    private static ArchivedEvent Row(DateTimeOffset timestamp, string stream = "contextual.events", string type = "file.uploaded", string? userId = null, string? correlationId = null)
    {
        var id = Ulid.NewUlid().ToString();
        return new ArchivedEvent
        {
            Id = id,
            Type = type,
            Version = 1,
            Timestamp = timestamp,
            CorrelationId = correlationId,
            UserId = userId,
            Stream = stream,
            EntryId = $"{timestamp.ToUnixTimeMilliseconds()}-0-{id}",
            Kind = ArchiveKind.Event,
            Data = JsonDocument.Parse($$"""{"n":"{{id}}"}""").RootElement,
            ArchivedAt = timestamp,
        };
    }
}
