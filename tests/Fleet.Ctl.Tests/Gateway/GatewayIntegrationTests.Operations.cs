using System.Text.Json.Nodes;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.Ctl.Tests.Gateway;

/// <summary>
/// groups, dlq and tail through the gateway: each run once in Redis mode and once with --gateway on the same data, and the
/// two outputs compared, readable and --json.
/// </summary>
public sealed partial class GatewayIntegrationTests
{
    [Fact]
    public async Task Groups_ThroughTheGateway_PrintsWhatRedisModePrints()
    {
        var token = TestContext.Current.CancellationToken;
        var key = gateway.Keys.Stream("market.events");
        for (var i = 0; i < 5; i++)
        {
            await TestEvents.AddAsync(gateway.Redis, key, "market.trend.detected", """{"symbol":"ACME"}""");
        }

        await gateway.Redis.XGroupCreateAsync(key, "watchers", "0", cancellationToken: token);
        await gateway.Redis.XReadGroupAsync("watchers", "watcher-1", key, StreamPosition.Undelivered, count: 2, cancellationToken: token);

        var redis = Watchers((await FleetCtl.RunAsync(["groups", "--stream", "market.events", "--json", .. RedisOnly()])).ShouldExitWith(0));
        var viaGateway = Watchers((await FleetCtl.RunAsync(["groups", "--stream", "market.events", "--json", .. gateway.Options(GatewayFixture.ReadKey)])).ShouldExitWith(0).ShouldHaveNoAnsi());

        Assert.Equal((3L, 2L), (viaGateway["lag"]!.GetValue<long>(), viaGateway["pending"]!.GetValue<long>()));
        Assert.True(JsonNode.DeepEquals(redis, viaGateway), $"Redis: {redis.ToJsonString()}\ngateway: {viaGateway.ToJsonString()}");

        var redisRow = Row(await FleetCtl.RunAsync(["groups", "--stream", "market.events", .. RedisOnly()]));
        var gatewayRow = Row(await FleetCtl.RunAsync(["groups", "--stream", "market.events", .. gateway.Options(GatewayFixture.ReadKey)]));
        Assert.Equal(["market.events", "watchers", "3", "2", "1"], gatewayRow);
        Assert.Equal(redisRow, gatewayRow);
    }

    [Fact]
    public async Task DeadLetters_ThroughTheGateway_ListAndShowWhatRedisModeShows()
    {
        var dlq = gateway.Keys.DeadLetters("ai.events");
        var first = await AddDeadLetterAsync(dlq, "embedding.generation.requested", "validation");
        var second = await AddDeadLetterAsync(dlq, "embedding.search.requested", "permanent");
        await AddDeadLetterAsync(dlq, "embedding.generation.requested", "validation");

        string[][] runs =
        [
            ["dlq", "list", "--stream", "ai.events", "--json"],
            ["dlq", "list", "--stream", "ai.events", "--error-type", "validation", "--limit", "1", "--json"],
            ["dlq", "list", "--stream", "ai.events", "--event-type", "embedding.search.requested"],
            ["dlq", "show", "--stream", "ai.events", first.ToString(), second.ToString(), "--json"],
            ["dlq", "show", "--stream", "ai.events", second.ToString()],
        ];
        foreach (var arguments in runs)
        {
            var redis = (await FleetCtl.RunAsync([.. arguments, .. RedisOnly()])).ShouldExitWith(0);
            var viaGateway = (await FleetCtl.RunAsync([.. arguments, .. gateway.Options(GatewayFixture.ReadKey)])).ShouldExitWith(0).ShouldHaveNoAnsi();
            Assert.Equal(redis.Output, viaGateway.Output);
        }

        var listed = (await FleetCtl.RunAsync(["dlq", "list", "--stream", "ai.events", "--error-type", "validation", "--limit", "1", "--json", .. gateway.Options(GatewayFixture.ReadKey)])).Output;
        var oldest = JsonNode.Parse(Assert.Single(listed))!;
        Assert.Equal(first.ToString(), oldest["entryId"]!.ToString());
        Assert.Equal("the handler gave up", oldest["error"]!.ToString());

        var missing = (await FleetCtl.RunAsync(["dlq", "show", "--stream", "ai.events", "1-0", .. gateway.Options(GatewayFixture.ReadKey)])).ShouldExitWith(3);
        Assert.Contains("1-0", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redrive_ThroughTheGateway_PublishesTheRequestAndRefusesWhatItCannotDo()
    {
        var token = TestContext.Current.CancellationToken;
        var result = (await FleetCtl.RunAsync(["dlq", "redrive", "--stream", "ai.events", "1796206667504-0", "--json", .. gateway.Options()])).ShouldExitWith(0);

        var requestId = JsonNode.Parse(Assert.Single(result.Output))!["requestId"]!.ToString();
        var request = Assert.Single(
            await gateway.Redis.XRangeAsync(gateway.Keys.Stream("system.events"), cancellationToken: token),
            entry => entry[EnvelopeFields.Id].ToString() == requestId);
        Assert.Equal("system.dead_letter.redrive.requested", request[EnvelopeFields.Type].ToString());
        var selection = JsonNode.Parse(request[EnvelopeFields.Data].ToString())!["selection"]!;
        Assert.Equal("1796206667504-0", Assert.Single(selection["entry_ids"]!.AsArray())!.ToString());

        var readOnly = (await FleetCtl.RunAsync(["dlq", "purge", "--stream", "ai.events", "--error-type", "validation", .. gateway.Options(GatewayFixture.ReadKey)])).ShouldExitWith(1);
        Assert.Contains("403", readOnly.Stderr, StringComparison.Ordinal);
        (await FleetCtl.RunAsync(["dlq", "purge", "--stream", "ai.events", "--wait", .. gateway.Options()])).ShouldExitWith(2);
        (await FleetCtl.RunAsync(["dlq", "purge", "--stream", "graveyard.events", .. gateway.Options()])).ShouldExitWith(2);
    }

    [Fact]
    public async Task Tail_ThroughTheGateway_PrintsWhatRedisModePrints()
    {
        var token = TestContext.Current.CancellationToken;
        await using var redisLines = FleetCtl.Start(["tail", "notification.events", "--count", "2", .. RedisOnly()]);
        await using var redisJson = FleetCtl.Start(["tail", "notification.events", "--count", "2", "--json", .. RedisOnly()]);
        await using var gatewayLines = FleetCtl.Start(["tail", "notification.events", "--count", "2", .. gateway.Options(GatewayFixture.ReadKey)]);
        await using var gatewayJson = FleetCtl.Start(["tail", "notification.events", "--count", "2", "--json", .. gateway.Options(GatewayFixture.ReadKey)]);
        foreach (var tail in new[] { redisLines, redisJson, gatewayLines, gatewayJson })
        {
            await tail.WaitForLineAsync("following", onStderr: true);
        }

        var key = gateway.Keys.Stream("notification.events");
        var (eventId, entryId) = await TestEvents.AddAsync(gateway.Redis, key, "notification.requested", """{"user_id":"tail-1","text":"Grüße"}""");
        var junk = await gateway.Redis.XAddAsync(key, [new StreamField("garbage", "x")], cancellationToken: token);

        var lines = (await gatewayLines.ExitAsync()).ShouldExitWith(0).ShouldHaveNoAnsi();
        var json = (await gatewayJson.ExitAsync()).ShouldExitWith(0);
        Assert.Equal((await redisLines.ExitAsync()).ShouldExitWith(0).Output, lines.Output);
        var expected = (await redisJson.ExitAsync()).ShouldExitWith(0).Output;
        Assert.Equal(2, json.Output.Count);
        Assert.All(expected.Zip(json.Output), pair => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(pair.First), JsonNode.Parse(pair.Second)), $"Redis: {pair.First}\ngateway: {pair.Second}"));
        Assert.StartsWith($"{entryId}  ", lines.Output[0], StringComparison.Ordinal);
        Assert.Contains($"id={eventId}", lines.Output[0], StringComparison.Ordinal);
        Assert.Contains("Grüße", lines.Output[0], StringComparison.Ordinal);
        Assert.StartsWith($"{junk}  (malformed: ", lines.Output[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tail_ThroughTheGatewayWithoutAKnownKey_ExitsOne_AndFromIsRefused()
    {
        var refused = (await FleetCtl.RunAsync(["tail", "notification.events", "--count", "1", .. gateway.Options("not-a-key-of-this-gateway")])).ShouldExitWith(1);
        Assert.Contains("401", refused.Stderr, StringComparison.Ordinal);
        (await FleetCtl.RunAsync(["tail", "notification.events", "--from", "0", .. gateway.Options(GatewayFixture.ReadKey)])).ShouldExitWith(2);
    }

    /// <summary>The options of Redis mode on the gateway's Redis and prefix.</summary>
    private List<string> RedisOnly()
    {
        var options = gateway.Options().ToList();
        var at = options.IndexOf("--gateway");
        options.RemoveRange(at, 2);
        at = options.IndexOf("--api-key");
        options.RemoveRange(at, 2);
        return options;
    }

    // The test's own group: the gateway's archiver reads the same stream and its figures move while the test runs. Idle
    // times move too; the rest must be equal.
    private static JsonObject Watchers(FleetCtlResult result)
    {
        var stream = Assert.Single(JsonNode.Parse(Assert.Single(result.Output))!["streams"]!.AsArray())!;
        var group = (JsonObject)Assert.Single(stream["groups"]!.AsArray(), g => g!["group"]!.ToString() == "watchers")!.DeepClone();
        foreach (var consumer in group["consumers"]!.AsArray())
        {
            consumer!.AsObject().Remove("idleMs");
        }

        return group;
    }

    private static string[] Row(FleetCtlResult result)
    {
        var row = Assert.Single(result.ShouldExitWith(0).Output, line => line.Contains("watchers", StringComparison.Ordinal));
        var cells = row.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return [cells[0], cells[3], cells[4], cells[5], cells[6]];
    }

    private async Task<RedisStreamId> AddDeadLetterAsync(string key, string type, string errorType)
    {
        StreamField[] fields =
        [
            new(EnvelopeFields.Id, NUlid.Ulid.NewUlid().ToString()),
            new(EnvelopeFields.Type, type),
            new(EnvelopeFields.Data, "{}"),
            new(DeadLetterFields.SourceStream, "ai.events"),
            new(DeadLetterFields.EntryId, "1-0"),
            new(DeadLetterFields.Group, "embedding-generator"),
            new(DeadLetterFields.ErrorType, errorType),
            new(DeadLetterFields.ErrorMessage, "the handler gave up"),
            new(DeadLetterFields.FailedAt, "2026-12-02T10:00:00.000Z"),
            new(DeadLetterFields.Redrives, "1"),
        ];
        return (await gateway.Redis.XAddAsync(key, fields, cancellationToken: TestContext.Current.CancellationToken))!.Value;
    }
}
