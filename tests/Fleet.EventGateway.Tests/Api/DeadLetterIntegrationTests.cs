using System.Net;
using System.Text.Json;
using Fleet.Contracts;
using Fleet.EventGateway.Tests.Api.Support;
using Fleet.Events;
using Fleet.Redis;
using Fleet.Testing;
using NUlid;

namespace Fleet.EventGateway.Tests.Api;

/// <summary>Dead letters on a real Redis: listing with a cursor, one entry, and the re-drive and purge requests published for dead-letter-reaper.</summary>
public sealed class DeadLetterIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task List_PagesNewestFirstAcrossStreamsAndReadsTheReasons()
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server);
        var contextual = await DeadLetterAsync(host, FleetStreams.Contextual, "dlq", "file.uploaded", 0);
        var newer = await DeadLetterAsync(host, FleetStreams.Contextual, "dlq", "file.uploaded", 2);
        var ai = await DeadLetterAsync(host, FleetStreams.Ai, "dlq", "embedding.generation.requested", 1);
        await DeadLetterAsync(host, FleetStreams.Contextual, "parked", "file.uploaded", 0);

        using var first = await host.GetAsync("/dead-letters?limit=2");
        var page = await GatewayApiHost.JsonAsync(first, 200);
        using var second = await host.GetAsync($"/dead-letters?limit=2&cursor={Uri.EscapeDataString(page.GetProperty("nextCursor").GetString()!)}");
        var next = await GatewayApiHost.JsonAsync(second, 200);
        using var onlyAi = await host.GetAsync("/dead-letters?stream=ai.events&kind=dlq");

        var entries = page.GetProperty("entries").EnumerateArray().Concat(next.GetProperty("entries").EnumerateArray()).ToArray();
        Assert.Equal([newer, contextual, ai], entries.Select(e => e.GetProperty("entryId").GetString()));
        Assert.Equal(JsonValueKind.Null, next.GetProperty("nextCursor").ValueKind);
        var letter = entries[0];
        Assert.Equal("contextual.events", letter.GetProperty("stream").GetString());
        Assert.Equal("dlq", letter.GetProperty("kind").GetString());
        Assert.Equal("file.uploaded", letter.GetProperty("type").GetString());
        Assert.Equal("validation", letter.GetProperty("errorType").GetString());
        Assert.Equal("FileId is invalid", letter.GetProperty("error").GetString());
        Assert.Equal("file-processor", letter.GetProperty("group").GetString());
        Assert.Equal(2, letter.GetProperty("redrives").GetInt32());
        Assert.Equal("{}", letter.GetProperty("fields").GetProperty("data").GetString());
        Assert.Equal([ai], (await GatewayApiHost.JsonAsync(onlyAi, 200)).GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("entryId").GetString()));
    }

    [Fact]
    public async Task Show_OneEntry_ReturnsItOr404Or400()
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server);
        var parked = await DeadLetterAsync(host, FleetStreams.Contextual, "parked", "file.uploaded", 0);

        using var found = await host.GetAsync($"/dead-letters/contextual.events/parked/{parked}");
        using var missing = await host.GetAsync("/dead-letters/contextual.events/dlq/1-0");
        using var bad = await host.GetAsync("/dead-letters/nowhere/graveyard/x");

        Assert.Equal("parked", (await GatewayApiHost.JsonAsync(found, 200)).GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(["entryId", "kind", "stream"], (await GatewayApiHost.ErrorsAsync(bad)).Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("redrive", "system.dead_letter.redrive.requested")]
    [InlineData("purge", "system.dead_letter.purge.requested")]
    public async Task Request_PublishesTheRequestEventForTheReaper(string action, string type)
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server);

        using var response = await host.PostAsync($"/dead-letters/{action}", """{"stream":"contextual.events","entryIds":["1700000000000-0"],"limit":5}""");

        var requestId = (await GatewayApiHost.JsonAsync(response, 202)).GetProperty("requestId").GetString();
        var entry = Assert.Single(await host.Redis.XRangeAsync(host.Keys.Stream(FleetStreams.System), cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(requestId, entry["id"].ToString());
        Assert.Equal(type, entry["type"].ToString());
        using var data = JsonDocument.Parse(entry["data"].ToString());
        var selection = data.RootElement.GetProperty("selection");
        Assert.Equal("contextual.events", selection.GetProperty("stream").GetString());
        Assert.Equal("1700000000000-0", selection.GetProperty("entry_ids")[0].GetString());
        Assert.Equal(5, selection.GetProperty("limit").GetInt32());
        Assert.StartsWith("admin-", data.RootElement.GetProperty("requested_by").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_Invalid_Returns400NamingEachRuleAndPublishesNothing()
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server);

        using var response = await host.PostAsync("/dead-letters/redrive", """{"stream":"graveyard.events","entryIds":["nope"],"errorType":"Bad Type","limit":0}""");
        using var noStream = await host.PostAsync("/dead-letters/purge", """{"limit":5}""");

        Assert.Equal(["entryIds", "errorType", "limit", "stream"], (await GatewayApiHost.ErrorsAsync(response)).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["stream"], (await GatewayApiHost.ErrorsAsync(noStream)).Keys);
        Assert.Empty(await host.KeysAsync());
    }

    private static async Task<string> DeadLetterAsync(GatewayApiHost host, string stream, string kind, string type, int redrives)
    {
        var key = kind == "parked" ? host.Keys.Parked(stream) : host.Keys.DeadLetters(stream);
        var id = await host.Redis.XAddAsync(key,
        [
            new StreamField(EnvelopeFields.Id, Ulid.NewUlid().ToString()),
            new StreamField(EnvelopeFields.Type, type),
            new StreamField(EnvelopeFields.Data, "{}"),
            new StreamField("fleet_redrives", redrives),
            new StreamField(DeadLetterFields.SourceStream, stream),
            new StreamField(DeadLetterFields.Group, "file-processor"),
            new StreamField(DeadLetterFields.ErrorType, "validation"),
            new StreamField(DeadLetterFields.ErrorMessage, "FileId is invalid"),
            new StreamField(DeadLetterFields.FailedAt, "2026-12-02T10:00:00.000Z"),
        ], cancellationToken: TestContext.Current.CancellationToken);
        return id!.Value.ToString();
    }
}
