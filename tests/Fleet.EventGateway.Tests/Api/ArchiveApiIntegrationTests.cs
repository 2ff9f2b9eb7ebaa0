using System.Net;
using Fleet.EventGateway.Tests.Api.Support;
using Fleet.EventGateway.Tests.Archive;
using Fleet.Testing;
using Fleet.Testing.Postgres;
using NUlid;

namespace Fleet.EventGateway.Tests.Api;

/// <summary>
/// The API over the real archive (PostgreSQL, the archiver in the same host, as Program.cs wires it): events published
/// through POST /events come back from GET /events, /events/{id}, the conversation and the stats.
/// </summary>
[Collection(ArchiveServers.Name)]
public sealed class ArchiveApiIntegrationTests(RedisServerFixture redis, PostgresServerFixture postgres)
{
    [Fact]
    public async Task PublishedEvents_AreQueriedFromTheArchiveByCorrelationIdIdAndConversation()
    {
        var database = await postgres.Server.CreateDatabaseAsync("api", TestContext.Current.CancellationToken);
        await using var host = await GatewayApiHost.StartAsync(redis.Server, settings =>
        {
            settings["ConnectionStrings:Archive"] = database;
            settings["Archive:ReadBlock"] = "00:00:00.050";
        });
        using var root = await host.PostAsync("/events", SampleEvents.FileUploaded());
        var rootId = (await GatewayApiHost.JsonAsync(root, 202)).GetProperty("id").GetString()!;
        var followUps = new List<string>();
        foreach (var userId in new[] { "u1", "u2" })
        {
            using var response = await host.PostAsync("/events", SampleEvents.TierChanged(userId).Replace("\"version\":1", $"\"version\":1,\"correlationId\":\"{rootId}\"", StringComparison.Ordinal));
            followUps.Add((await GatewayApiHost.JsonAsync(response, 202)).GetProperty("id").GetString()!);
        }

        var page = await Eventually.UntilAsync(
            async () =>
            {
                using var response = await host.GetAsync($"/events?correlationId={rootId}");
                return await GatewayApiHost.JsonAsync(response, 200);
            },
            page => page.GetProperty("events").GetArrayLength() == 2,
            "both follow-ups are archived");
        using var one = await host.GetAsync($"/events/{followUps[1]}");
        using var conversation = await host.GetAsync($"/events/{followUps[0]}/conversation");
        using var badCursor = await host.GetAsync("/events?cursor=not-a-cursor");
        using var stats = await host.GetAsync("/events/stats");

        Assert.Equal(followUps, page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        var found = await GatewayApiHost.JsonAsync(one, 200);
        Assert.Equal("u2", found.GetProperty("data").GetProperty("user_id").GetString());
        Assert.Equal("event-gateway", found.GetProperty("metadata").GetProperty("published_by").GetString());
        Assert.Equal([rootId, .. followUps], (await GatewayApiHost.JsonAsync(conversation, 200)).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(["cursor"], (await GatewayApiHost.ErrorsAsync(badCursor)).Keys);
        Assert.True((await GatewayApiHost.JsonAsync(stats, 200)).GetProperty("archive").GetProperty("events").GetInt64() >= 3);
        using var missing = await host.GetAsync($"/events/{Ulid.NewUlid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
