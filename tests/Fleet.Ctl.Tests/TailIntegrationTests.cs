using System.Text.Json.Nodes;
using Fleet.Redis;
using Fleet.Testing;
using NUlid;

namespace Fleet.Ctl.Tests;

/// <summary>fleetctl tail against a real redis-server, run as a process.</summary>
public sealed class TailIntegrationTests(RedisServerFixture fixture) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Tail_FromStartWithCount_PrintsReadableLinesMalformedRawAndExitsZero()
    {
        await using var redis = await CtlRedis.OpenAsync(fixture);
        var correlation = Ulid.NewUlid();
        var first = await redis.AddEventAsync("market.events", "market.trend.detected", """{"symbol":"ACME"}""", correlation);
        var junk = await redis.Client.XAddAsync(redis.Keys.Stream("market.events"), [new StreamField("garbage", "x")], cancellationToken: TestContext.Current.CancellationToken);
        await redis.AddEventAsync("market.events", "market.trend.detected", """{"symbol":"LATER"}""");

        var result = (await redis.RunAsync("tail", "market.events", "--from", "0", "--count", "2")).ShouldExitWith(0).ShouldHaveNoAnsi();

        Assert.Equal(2, result.Output.Count);
        Assert.StartsWith(first.ToString(), result.Output[0], StringComparison.Ordinal);
        Assert.Contains("market.trend.detected", result.Output[0], StringComparison.Ordinal);
        Assert.Contains($"corr={correlation}", result.Output[0], StringComparison.Ordinal);
        Assert.Contains("ACME", result.Output[0], StringComparison.Ordinal);
        Assert.StartsWith(junk!.Value.ToString(), result.Output[1], StringComparison.Ordinal);
        Assert.Contains("malformed", result.Output[1], StringComparison.Ordinal);
        Assert.Contains("garbage=x", result.Output[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tail_Json_PrintsOneObjectPerEntry()
    {
        await using var redis = await CtlRedis.OpenAsync(fixture);
        var entry = await redis.AddEventAsync("market.events", "market.trend.detected", """{"symbol":"ACME"}""");

        var result = (await redis.RunAsync("tail", "market.events", "--from", "0", "--count", "1", "--json")).ShouldExitWith(0);

        var line = JsonNode.Parse(Assert.Single(result.Output))!;
        Assert.Equal(entry.ToString(), line["entryId"]!.ToString());
        Assert.Equal("market.events", line["stream"]!.ToString());
        Assert.Equal("market.trend.detected", line["type"]!.ToString());
        Assert.Equal("ACME", line["data"]!["symbol"]!.ToString());
    }

    [Fact]
    public async Task Tail_FollowingNewEntries_PrintsEachAndExitsZeroOnSigterm()
    {
        await using var redis = await CtlRedis.OpenAsync(fixture);
        await redis.AddEventAsync("market.events", "market.trend.detected", """{"symbol":"BEFORE"}""");
        await using var tail = FleetCtl.Start(["tail", "market.events", .. redis.Options]);
        await tail.WaitForLineAsync("following", onStderr: true);

        await redis.AddEventAsync("market.events", "market.trend.detected", """{"symbol":"AFTER"}""");
        await tail.WaitForLineAsync("AFTER");
        var result = (await tail.TerminateAsync()).ShouldExitWith(0);

        Assert.Single(result.Output);
        Assert.DoesNotContain("BEFORE", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tail_BadArguments_ExitTwo()
    {
        await using var redis = await CtlRedis.OpenAsync(fixture);
        (await redis.RunAsync("tail", "Not A Stream")).ShouldExitWith(2);
        (await redis.RunAsync("tail", "market.events", "--from", "yesterday")).ShouldExitWith(2);
    }
}
