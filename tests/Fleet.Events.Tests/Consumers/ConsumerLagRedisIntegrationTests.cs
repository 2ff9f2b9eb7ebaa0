using Fleet.Events.Transport;
using Fleet.Redis;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Events.Tests.Consumers;

/// <summary>
/// A group's lag across a restart from the AOF (appendfsync always). XREADGROUP reaches the AOF as XCLAIM … LASTID,
/// which moves the group's last-delivered id without its entries-read counter; after an AOF rewrite the base file
/// holds the counter of that moment, so a replay leaves a drained group with a stale counter and XINFO GROUPS reports
/// every read since the rewrite as lag (the 8 173 on a drained group). Fleet's lag, its gauge and the
/// trim-horizon warning must not.
/// </summary>
public sealed class ConsumerLagRedisIntegrationTests : OwnRedisTestBase
{
    [Fact]
    public async Task GroupStatistics_AfterAnAofRestartLeftRedisLagWrong_CountsTheLagAndPutsRedisCounterRight()
    {
        var server = await StartServerAsync(new RedisServerOptions { AppendOnly = true });
        var stream = Keys.Stream(TestStreams.Unique());
        await LeaveAStaleCounterAsync(server, stream, beforeRewrite: 30, afterRewrite: 20);
        var client = await ConnectAsync(server);
        var transport = new RedisEventTransport(client);
        await transport.AppendAsync(stream, [new("n", "late")], trim: null, Cancel);
        await transport.AppendAsync(stream, [new("n", "late")], trim: null, Cancel);

        // Two entries wait; Redis counts the 20 reads since the rewrite as well.
        Assert.Equal(22, (await GroupInfoAsync(client, stream)).Lag);
        var waiting = await transport.GetGroupStatisticsAsync(stream, stream + ":dlq", Group, Cancel);
        Assert.Equal(new GroupStatistics(StreamLength: 52, Pending: 0, Lag: 2, DeadLetters: 0, ReportedLag: 22), waiting);

        await ReadAndAckAllAsync(transport, stream);
        Assert.Equal(20, (await GroupInfoAsync(client, stream)).Lag);
        var drained = await transport.GetGroupStatisticsAsync(stream, stream + ":dlq", Group, Cancel);
        Assert.Equal(new GroupStatistics(StreamLength: 52, Pending: 0, Lag: 0, DeadLetters: 0, ReportedLag: 20, LagCounterRepaired: true), drained);

        // The counter is right again, for XINFO GROUPS' other readers too, and stays right as the group reads on.
        var repaired = await GroupInfoAsync(client, stream);
        Assert.Equal((52L, 0L), (repaired.EntriesRead, repaired.Lag));
        await transport.AppendAsync(stream, [new("n", "next")], trim: null, Cancel);
        Assert.Equal(1, (await GroupInfoAsync(client, stream)).Lag);
    }

    [Fact]
    public async Task ConsumerGroupStatistics_FromAddFleetEvents_GivesOtherProcessesFleetsCountNotRedisCounter()
    {
        var server = await StartServerAsync(new RedisServerOptions { AppendOnly = true });
        var stream = Keys.Stream(TestStreams.Unique());
        await LeaveAStaleCounterAsync(server, stream, beforeRewrite: 30, afterRewrite: 20);
        var client = await ConnectAsync(server);
        await client.XAddAsync(stream, [new("n", "late")], cancellationToken: Cancel);
        await using var services = new ServiceCollection().AddLogging().AddFleetEvents().UseRedis(client).Services.BuildServiceProvider();
        var statistics = services.GetRequiredService<ConsumerGroupStatistics>();

        // What an alert evaluator or an operator's tool reads of a group it does not run: Redis says 21 behind.
        Assert.Equal(21, (await GroupInfoAsync(client, stream)).Lag);
        var figures = await statistics.ReadAsync(stream, stream + ":dlq", Group, Cancel);

        Assert.Equal(new ConsumerGroupFigures(StreamLength: 51, Pending: 0, Lag: 1, DeadLetters: 0, LagEstimated: false), figures);
    }

    [Fact]
    public async Task StatisticsSampler_DrainedGroupWithAStaleRedisCounter_ReportsNoLagAndNoTrimHorizonWarning()
    {
        var server = await StartServerAsync(new RedisServerOptions { AppendOnly = true });
        var name = TestStreams.Unique();
        var stream = Keys.Stream(name);
        await LeaveAStaleCounterAsync(server, stream, beforeRewrite: 30, afterRewrite: 20);
        var client = await ConnectAsync(server);
        Assert.Equal(20, (await GroupInfoAsync(client, stream)).Lag);
        using var metrics = new MetricCollector(name);
        var logs = new LogCollector();

        // Redis's 20 would be over 80 % of a retention of 20 entries.
        var host = await StartHostAsync(
            client,
            name,
            logs,
            o => o.StatisticsInterval = TimeSpan.FromMilliseconds(100),
            (_, _) => ValueTask.CompletedTask,
            o => o.Retention[name] = StreamRetention.MaxLength(20));

        await Eventually.TrueAsync(() => logs.Records.Any(r => r.Id == 1045), "the sampler found Redis's counter wrong and put it right");
        Assert.Equal(0, metrics.Value("fleet.events.consumer.lag"));
        Assert.Equal(0, metrics.Value("fleet.events.consumer.lag.estimated"));
        Assert.Equal(50, metrics.Value("fleet.events.stream.length"));
        Assert.DoesNotContain(logs.Records, r => r.Id == 1021);
        Assert.Equal(0, (await GroupInfoAsync(client, stream)).Lag);
        await host.StopAsync(Cancel);
    }

    /// <summary>
    /// Reads and acknowledges <paramref name="beforeRewrite"/> entries, rewrites the AOF (BGREWRITEAOF: the base file now
    /// holds the group's counter), reads and acknowledges <paramref name="afterRewrite"/> more, kills the server and
    /// restarts it from its AOF.
    /// </summary>
    private static async Task LeaveAStaleCounterAsync(RedisServer server, string stream, int beforeRewrite, int afterRewrite)
    {
        await using (var client = await RedisClient.ConnectAsync(server.Url, Cancel))
        {
            var transport = new RedisEventTransport(client);
            await transport.EnsureGroupAsync(stream, Group, "0", Cancel);
            await AppendAsync(transport, stream, beforeRewrite);
            await ReadAndAckAllAsync(transport, stream);
            await client.ExecuteAsync("BGREWRITEAOF", [], Cancel);
            await Eventually.TrueAsync(
                async () =>
                {
                    var persistence = await client.InfoAsync("persistence", Cancel) ?? string.Empty;
                    return persistence.Contains("aof_rewrite_in_progress:0", StringComparison.Ordinal)
                        && persistence.Contains("aof_rewrite_scheduled:0", StringComparison.Ordinal)
                        && persistence.Contains("aof_last_bgrewrite_status:ok", StringComparison.Ordinal);
                },
                "the AOF rewrite finished");
            await AppendAsync(transport, stream, afterRewrite);
            await ReadAndAckAllAsync(transport, stream);
            var before = await GroupInfoAsync(client, stream);
            Assert.Equal((0L, (long)beforeRewrite + afterRewrite), (before.Lag, before.EntriesRead));
        }

        await server.KillAsync();
        await server.RestartAsync(Cancel);
    }

    private static async Task AppendAsync(RedisEventTransport transport, string stream, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await transport.AppendAsync(stream, [new("n", i)], trim: null, Cancel);
        }
    }

    private static async Task ReadAndAckAllAsync(RedisEventTransport transport, string stream)
    {
        var read = await transport.ReadGroupAsync(stream, Group, "reader", ">", 1000, block: null, Cancel);
        await transport.AckAsync(stream, Group, [.. read.Select(entry => entry.Id)], Cancel);
    }

    private static async Task<StreamGroupInfo> GroupInfoAsync(RedisClient client, string stream) =>
        Assert.Single(await client.XInfoGroupsAsync(stream, Cancel));
}
