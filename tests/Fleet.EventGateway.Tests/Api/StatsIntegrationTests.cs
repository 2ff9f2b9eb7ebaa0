using Fleet.Contracts;
using Fleet.EventGateway.Tests.Api.Support;
using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.EventGateway.Tests.Api;

/// <summary>GET /events/stats against a real stream, group, consumers and dead letters.</summary>
public sealed class StatsIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Stats_OfARealGroup_ReportLengthEntriesLagPendingConsumersAndDepths()
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server, archive: new InMemoryEventArchive([]));
        var cancel = TestContext.Current.CancellationToken;
        var key = host.Keys.Stream(FleetStreams.Market);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await host.Redis.XAddAsync(key, [new StreamField("n", i)], cancellationToken: cancel))!.Value.ToString());
        }

        await host.Redis.XGroupCreateAsync(key, "analysis", "0", cancellationToken: cancel);
        var read = await host.Redis.XReadGroupAsync("analysis", "worker-a", key, count: 3, cancellationToken: cancel);
        await host.Redis.XAckAsync(key, "analysis", read[0].Id, cancel);
        await host.Redis.XAddAsync(host.Keys.DeadLetters(FleetStreams.Market), [new StreamField("id", "x")], cancellationToken: cancel);
        for (var i = 0; i < 2; i++)
        {
            await host.Redis.XAddAsync(host.Keys.Parked(FleetStreams.Market), [new StreamField("id", "y")], cancellationToken: cancel);
        }

        using var response = await host.GetAsync("/events/stats");

        var stats = await GatewayApiHost.JsonAsync(response, 200);
        var streams = stats.GetProperty("streams").EnumerateArray().ToArray();
        Assert.Equal(FleetStreams.All, streams.Select(s => s.GetProperty("stream").GetString()));
        var market = streams.Single(s => s.GetProperty("stream").GetString() == FleetStreams.Market);
        Assert.Equal(5, market.GetProperty("length").GetInt64());
        Assert.Equal(ids[0], market.GetProperty("firstEntryId").GetString());
        Assert.Equal(ids[4], market.GetProperty("lastEntryId").GetString());
        Assert.Equal(1, market.GetProperty("deadLetters").GetInt64());
        Assert.Equal(2, market.GetProperty("parked").GetInt64());
        var group = Assert.Single(market.GetProperty("groups").EnumerateArray());
        Assert.Equal("analysis", group.GetProperty("group").GetString());
        Assert.Equal(2, group.GetProperty("lag").GetInt64());
        Assert.Equal(2, group.GetProperty("pending").GetInt64());
        var consumer = Assert.Single(group.GetProperty("consumers").EnumerateArray());
        Assert.Equal("worker-a", consumer.GetProperty("name").GetString());
        Assert.Equal(2, consumer.GetProperty("pending").GetInt64());
        Assert.True(consumer.GetProperty("idleMs").GetInt64() >= 0);
        var user = streams.Single(s => s.GetProperty("stream").GetString() == FleetStreams.User);
        Assert.Equal(0, user.GetProperty("length").GetInt64());
        Assert.Empty(user.GetProperty("groups").EnumerateArray());
        Assert.Equal(0, stats.GetProperty("archive").GetProperty("events").GetInt64());
    }

    [Fact]
    public async Task Stats_WithoutAnArchive_StillReportTheStreamsAndSayWhy()
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server);

        using var response = await host.GetAsync("/events/stats");

        var stats = await GatewayApiHost.JsonAsync(response, 200);
        Assert.Equal(FleetStreams.All.Count, stats.GetProperty("streams").GetArrayLength());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, stats.GetProperty("archive").ValueKind);
        Assert.Contains("No archive", stats.GetProperty("archiveError").GetString(), StringComparison.Ordinal);
    }
}
