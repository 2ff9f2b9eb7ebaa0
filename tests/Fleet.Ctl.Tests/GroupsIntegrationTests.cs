using System.Text.Json.Nodes;
using Fleet.Redis;
using Fleet.Testing;
using Fleet.Testing.Acl;

namespace Fleet.Ctl.Tests;

/// <summary>fleetctl groups against a real redis-server, run as a process.</summary>
public sealed class GroupsIntegrationTests(RedisServerFixture fixture) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Groups_GroupWithPendingAndUnread_ReportsLagPendingAndConsumers()
    {
        await using var redis = await CtlRedis.OpenAsync(fixture);
        var key = redis.Keys.Stream("ai.events");
        for (var i = 0; i < 5; i++)
        {
            await redis.AddEventAsync("ai.events", "embedding.search.requested", "{}");
        }

        var token = TestContext.Current.CancellationToken;
        await redis.Client.XGroupCreateAsync(key, "searchers", "0", cancellationToken: token);
        await redis.Client.XReadGroupAsync("searchers", "worker-1", key, StreamPosition.Undelivered, count: 2, cancellationToken: token);
        await redis.Client.XAddAsync(redis.Keys.DeadLetters("ai.events"), [new StreamField("id", "x")], cancellationToken: token);

        var json = JsonNode.Parse(Assert.Single((await redis.RunAsync("groups", "--json")).ShouldExitWith(0).Output))!;
        var stream = Assert.Single(json["streams"]!.AsArray())!;
        Assert.Equal("ai.events", stream["stream"]!.ToString());
        Assert.Equal(5, stream["length"]!.GetValue<long>());
        Assert.Equal(1, stream["deadLetters"]!.GetValue<long>());
        var group = Assert.Single(stream["groups"]!.AsArray())!;
        Assert.Equal("searchers", group["group"]!.ToString());
        Assert.Equal(3, group["lag"]!.GetValue<long>());
        Assert.Equal(2, group["pending"]!.GetValue<long>());
        Assert.Equal("worker-1", Assert.Single(group["consumers"]!.AsArray())!["name"]!.ToString());

        var table = (await redis.RunAsync("groups", "--stream", "ai.events")).ShouldExitWith(0).ShouldHaveNoAnsi();
        var row = Assert.Single(table.Output, line => line.Contains("searchers", StringComparison.Ordinal));
        Assert.Equal(["ai.events", "5", "1", "searchers", "3", "2", "1"], row.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[..7]);
    }

    [Fact]
    public async Task Groups_AsTheReadOnlyOperatorUser_ReportsRedisFiguresAsEstimates()
    {
        // deploy/redis/users.acl's operator may run no script (Fleet's lag script may repair Redis's counter): fleetctl
        // falls back to XINFO GROUPS' own figures instead of failing.
        var token = TestContext.Current.CancellationToken;
        using var acl = await FleetAclFile.RenderAsync(token);
        await using var server = await acl.StartServerAsync(token);
        await using var admin = await RedisClient.ConnectAsync(acl.UrlFor(server, FleetAclFile.Admin), token);
        var key = new Fleet.Events.StreamKeys().Stream("ai.events");
        for (var i = 0; i < 5; i++)
        {
            await TestEvents.AddAsync(admin, key, "embedding.search.requested", "{}");
        }

        await admin.XGroupCreateAsync(key, "searchers", "0", cancellationToken: token);
        await admin.XReadGroupAsync("searchers", "worker-1", key, StreamPosition.Undelivered, count: 2, cancellationToken: token);

        var result = (await FleetCtl.RunAsync(["groups", "--json", "--redis", acl.UrlFor(server, FleetAclFile.Operator)])).ShouldExitWith(0);
        var group = Assert.Single(JsonNode.Parse(Assert.Single(result.Output))!["streams"]!.AsArray().Single(s => s!["stream"]!.ToString() == "ai.events")!["groups"]!.AsArray())!;
        Assert.Equal(3, group["lag"]!.GetValue<long>());
        Assert.True(group["lagEstimated"]!.GetValue<bool>());
        Assert.Equal(2, group["pending"]!.GetValue<long>());
    }
}
