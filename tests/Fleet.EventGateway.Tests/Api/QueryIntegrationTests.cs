using System.Net;
using System.Text.Json;
using Fleet.EventGateway.Archive;
using Fleet.EventGateway.Tests.Api.Support;
using Fleet.Testing;
using NUlid;

namespace Fleet.EventGateway.Tests.Api;

/// <summary>GET /events, /events/{id} and /events/{id}/conversation: parameters, paging and JSON, over an archive double.</summary>
public sealed class QueryIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly string Root = Ulid.NewUlid().ToString();
    private static readonly string Processed = Ulid.NewUlid().ToString();
    private static readonly string Requested = Ulid.NewUlid().ToString();
    private static readonly string Unrelated = Ulid.NewUlid().ToString();

    private static readonly InMemoryEventArchive Archive = new(
    [
        Event(Requested, "embedding.generation.requested", "ai.events", Start.AddSeconds(2), Root),
        Event(Root, "file.uploaded", "contextual.events", Start, correlationId: null),
        Event(Processed, "file.processed", "contextual.events", Start.AddSeconds(3), Root),
        Event(Unrelated, "market.data.collected", "market.events", Start.AddSeconds(1), Ulid.NewUlid().ToString()),
        Event(Ulid.NewUlid().ToString(), "file.uploaded", "contextual.events", Start.AddSeconds(4), Root) with { Kind = ArchiveKind.Parked },
    ]);

    [Fact]
    public async Task Query_ByCorrelationId_PagesThroughMatchingEventsInCamelCase()
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server, archive: Archive);

        using var first = await host.GetAsync($"/events?correlationId={Root}&limit=1");
        var page = await GatewayApiHost.JsonAsync(first, 200);
        using var second = await host.GetAsync($"/events?correlationId={Root}&limit=1&cursor={page.GetProperty("nextCursor").GetString()}");
        var next = await GatewayApiHost.JsonAsync(second, 200);

        var @event = Assert.Single(page.GetProperty("events").EnumerateArray());
        Assert.Equal(Requested, @event.GetProperty("id").GetString());
        Assert.Equal(Root, @event.GetProperty("correlationId").GetString());
        Assert.Equal("ai.events", @event.GetProperty("stream").GetString());
        Assert.Equal("event", @event.GetProperty("kind").GetString());
        Assert.Equal("v", @event.GetProperty("data").GetProperty("k").GetString());
        Assert.Equal(Start.AddSeconds(2), @event.GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal(Processed, Assert.Single(next.GetProperty("events").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, next.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Query_EveryFilter_ReachesTheArchive()
    {
        var archive = new InMemoryEventArchive([]);
        await using var host = await GatewayApiHost.StartAsync(redis.Server, archive: archive);

        using var response = await host.GetAsync(
            $"/events?stream=contextual.events&type=file.uploaded&from=2026-12-02T10:00:00Z&to=2026-12-02T12:00:00%2B01:00&userId=user-1&kind=parked&limit=7&correlationId={Root.ToLowerInvariant()}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            new ArchiveQuery
            {
                Stream = "contextual.events", Type = "file.uploaded", From = Start, To = Start.AddHours(1), UserId = "user-1",
                Kind = ArchiveKind.Parked, Limit = 7, CorrelationId = Root,
            },
            archive.LastQuery);
    }

    [Fact]
    public async Task Query_BadParameters_Returns400NamingEachOne()
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server, archive: Archive);

        using var response = await host.GetAsync("/events?from=yesterday&to=2026-12-02&limit=0&kind=all&correlationId=x&userId=a%20b&type=File&stream=A&bogus=1");
        using var reversed = await host.GetAsync("/events?from=2026-12-02T10:00:00Z&to=2026-12-02T09:00:00Z");

        Assert.Equal(
            ["bogus", "correlationId", "from", "kind", "limit", "stream", "to", "type", "userId"],
            (await GatewayApiHost.ErrorsAsync(response)).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["to"], (await GatewayApiHost.ErrorsAsync(reversed)).Keys);
    }

    [Fact]
    public async Task GetEvent_ById_ReturnsItOr404Or400()
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server, archive: Archive);

        using var found = await host.GetAsync($"/events/{Unrelated}");
        using var missing = await host.GetAsync($"/events/{Ulid.NewUlid()}");
        using var bad = await host.GetAsync("/events/not-an-id");

        Assert.Equal("market.data.collected", (await GatewayApiHost.JsonAsync(found, 200)).GetProperty("type").GetString());
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(["id"], (await GatewayApiHost.ErrorsAsync(bad)).Keys);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Conversation_OfAnyMember_IsEveryEventOfItsCorrelationIdInOrder(int member)
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server, archive: Archive);

        using var response = await host.GetAsync($"/events/{(member == 0 ? Root : Processed)}/conversation");

        var conversation = await GatewayApiHost.JsonAsync(response, 200);
        Assert.Equal(Root, conversation.GetProperty("correlationId").GetString());
        Assert.Equal([Root, Requested, Processed], conversation.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
    }

    private static ArchivedEvent Event(string id, string type, string stream, DateTimeOffset timestamp, string? correlationId) => new()
    {
        Id = id,
        Type = type,
        Version = 1,
        Timestamp = timestamp,
        CorrelationId = correlationId,
        Stream = stream,
        EntryId = $"{timestamp.ToUnixTimeMilliseconds()}-0",
        Kind = ArchiveKind.Event,
        Data = JsonDocument.Parse("""{"k":"v"}""").RootElement.Clone(),
        ArchivedAt = timestamp.AddSeconds(1),
    };
}
