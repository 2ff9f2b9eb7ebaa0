using System.Globalization;
using Fleet.DeadLetterReaper.Alerts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.DeadLetterReaper.Tests.Alerts;

/// <summary>The evaluator as Program.cs runs it: leader work of a real lease (AddLeaderWork), in two replicas on one Redis.</summary>
public sealed class AlertLeaderIntegrationTests(RedisServerFixture redis)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoReplicas_LeaderStops_TheOtherTakesOverWithoutRaisingAgainAndResolvesOnceInALaterTerm()
    {
        var prefix = "alerts-lease-" + Guid.NewGuid().ToString("N")[..12] + ":";
        await using var observer = await AlertsHarness.StartAsync(redis.Server.Url, prefix: prefix);
        var dlq = observer.Keys.DeadLetters(FleetStreams.Market);
        await observer.AddEntriesAsync(dlq, 1);
        var first = await StartReplicaAsync(prefix, "reaper-a");
        var second = await StartReplicaAsync(prefix, "reaper-b");
        try
        {
            var (raisedBy, _) = Assert.Single(await Eventually.UntilAsync(observer.RaisedAsync, r => r.Count == 1, "the alert was raised"));
            var raisedToken = long.Parse(raisedBy.Metadata!["fencing_token"], CultureInfo.InvariantCulture);
            // The lease's value names its holder, "<instance>/<random>/<token>": the one that raised it, or (a busy machine
            // can make a 1 s lease change hands) a later term. Either way the other replica's next term is later still.
            var holder = (await observer.Redis.GetAsync(observer.LeaseKey, Cancel)).ToString();
            var leader = holder.StartsWith("reaper-a/", StringComparison.Ordinal) ? first : second;
            var followerName = ReferenceEquals(leader, first) ? "reaper-b" : "reaper-a";

            // A graceful stop releases the lease; the follower acquires it with a new token and evaluates from the raised set.
            await leader.StopAsync(Cancel);
            await Eventually.TrueAsync(
                async () => (await observer.Redis.GetAsync(observer.LeaseKey, Cancel)).ToString().StartsWith(followerName + "/", StringComparison.Ordinal),
                "the follower holds the lease");
            var samples = await observer.Redis.SortedSetLengthAsync(observer.Store.SamplesKey, Cancel);
            await Eventually.TrueAsync(async () => await observer.Redis.SortedSetLengthAsync(observer.Store.SamplesKey, Cancel) > samples + 1, "the new leader evaluated twice");
            Assert.Single(await observer.RaisedAsync());

            await observer.Redis.XTrimAsync(dlq, StreamTrim.MaxLength(0), Cancel);
            var (resolvedBy, resolved) = Assert.Single(await Eventually.UntilAsync(observer.ResolvedAsync, r => r.Count == 1, "the alert was resolved"));

            Assert.Equal("dead_letter_depth:market.events", resolved.AlertKey);
            Assert.True(long.Parse(resolvedBy.Metadata!["fencing_token"], CultureInfo.InvariantCulture) > raisedToken);
            Assert.Single(await observer.RaisedAsync());
            // The transition is recorded (resolving), published, then cleared: the record goes once the publish is done.
            Assert.Empty(await Eventually.UntilAsync(observer.AlertsAsync, a => a.Count == 0, "the resolved alert left the raised set"));
        }
        finally
        {
            await StopAsync(first);
            await StopAsync(second);
        }
    }

    private async Task<IHost> StartReplicaAsync(string prefix, string instance)
    {
        var client = await RedisClient.ConnectAsync(redis.Server.Url, Cancel);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fleet:Leadership:LeaseTime"] = "00:00:01",
            ["Alerts:Interval"] = "00:00:00.100",
            ["Alerts:DeadLetterDepth"] = "0",
            ["Alerts:ErrorRate"] = "1",
        });
        builder.Services.AddSingleton(client);
        builder.Services.AddFleetEvents(o =>
            {
                o.KeyPrefix = prefix;
                o.InstanceName = instance;
            })
            .UseRedis(client)
            .AddFleetContracts()
            .AddLeaderWork<AlertEvaluator>(FleetStreams.System, AlertEvaluator.LeaseName);
        builder.Services.AddAlertEvaluation(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync(Cancel);
        return host;
    }

    private static async Task StopAsync(IHost host)
    {
        await host.StopAsync(CancellationToken.None);
        await host.Services.GetRequiredService<RedisClient>().DisposeAsync();
        host.Dispose();
    }
}
