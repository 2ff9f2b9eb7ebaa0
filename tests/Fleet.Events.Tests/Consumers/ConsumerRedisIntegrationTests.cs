using System.Collections.Concurrent;
using Fleet.Events.Consumers;
using Fleet.Events.Transport;
using Fleet.Redis;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Events.Tests.Consumers;

/// <summary>What only a real Redis can show: a restart that loses everything, and entries deleted while pending.</summary>
public sealed class ConsumerRedisIntegrationTests(RedisServerFixture redis) : IAsyncLifetime
{
    private const string Group = "workers";
    private readonly StreamKeys _keys = new();
    private readonly List<IAsyncDisposable> _resources = [];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RedisKilledAndRestartedEmpty_ConsumerReportsDegradedThenRecreatesItsGroupAndCarriesOn()
    {
        var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        _resources.Add(server);
        var stream = TestStreams.Unique();
        var handled = new ConcurrentQueue<string>();
        var host = await StartHostAsync(server.Url, stream, "survivor", (context, _) =>
        {
            handled.Enqueue(context.Data.OrderId);
            return ValueTask.CompletedTask;
        });
        var check = new FleetEventsHealthCheck(host.Services);
        await AppendAsync(host, stream, "o-1");
        await Eventually.TrueAsync(() => !handled.IsEmpty, "the first order was handled");

        await server.KillAsync();
        await Eventually.TrueAsync(async () => (await check.CheckHealthAsync(new HealthCheckContext(), Cancel)).Status == HealthStatus.Degraded, "health shows the consumer retrying");
        await server.RestartAsync(Cancel);
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    await AppendAsync(host, stream, "o-2");
                    return true;
                }
                catch (RedisException)
                {
                    return false;
                }
            },
            "an order was published after the restart");

        await Eventually.TrueAsync(() => handled.Count >= 2, "the order published after the restart was handled");
        Assert.Equal(["o-1", "o-2"], handled);
        Assert.True(Health(host).GroupRecreations >= 1, "the lost group was re-created and counted");
        await Eventually.TrueAsync(async () => (await check.CheckHealthAsync(new HealthCheckContext(), Cancel)).Status == HealthStatus.Healthy, "health is back to healthy");
    }

    [Fact]
    public async Task EntryDeletedWhileAnotherConsumerHeldIt_IsCountedAsLostAndLeavesThePendingList()
    {
        var stream = TestStreams.Unique();
        using var metrics = new MetricCollector(stream);
        var logs = new LogCollector();
        var runs = 0;
        var host = await CreateHostAsync(
            redis.Server.Url,
            stream,
            "claimer",
            (_, _) =>
            {
                Interlocked.Increment(ref runs);
                return ValueTask.CompletedTask;
            },
            logs);
        var id = await HoldAndDeleteAsync(host, stream, holder: "crashed");

        await host.StartAsync(Cancel);

        await Eventually.TrueAsync(() => metrics.Value("fleet.events.lost_before_processing") == 1, "the loss was counted");
        Assert.Empty(await PendingAsync(host, stream));
        Assert.Equal(0, runs);
        var warning = Assert.Single(logs.Records, r => r.Id == 1010);
        Assert.Contains(id.ToString(), warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OwnPendingEntryDeletedBeforeRestart_IsAcknowledgedAndCountedAsLost()
    {
        var stream = TestStreams.Unique();
        using var metrics = new MetricCollector(stream);
        var logs = new LogCollector();
        var runs = 0;
        var host = await CreateHostAsync(
            redis.Server.Url,
            stream,
            "restarted",
            (_, _) =>
            {
                Interlocked.Increment(ref runs);
                return ValueTask.CompletedTask;
            },
            logs);
        var id = await HoldAndDeleteAsync(host, stream, holder: "restarted");

        await host.StartAsync(Cancel);

        // The recovery read (XREADGROUP 0) and the claim sweep (XAUTOCLAIM, whose deleted ids leave the pending list
        // whatever their idle time) both meet the entry. Once it is counted and gone, stopping the host ends both paths
        // and flushes the acknowledgements, so a second count would have happened by then.
        await Eventually.TrueAsync(() => metrics.Value("fleet.events.lost_before_processing") >= 1, "the loss was counted");
        await Eventually.TrueAsync(async () => (await PendingAsync(host, stream)).Count == 0, "the deleted entry left the pending list");
        await host.StopAsync(Cancel);
        Assert.Equal(1, metrics.Value("fleet.events.lost_before_processing"));
        Assert.Equal(0, runs);
        var warning = Assert.Single(logs.Records, r => r.Id == 1010);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(id.ToString(), warning.Message, StringComparison.Ordinal);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        for (var i = _resources.Count - 1; i >= 0; i--)
        {
            await _resources[i].DisposeAsync();
        }
    }

    /// <summary>Appends an order, has <paramref name="holder"/> read it (pending, owned by it), then deletes it (XDEL).</summary>
    private async Task<RedisStreamId> HoldAndDeleteAsync(IHost host, string stream, string holder)
    {
        var transport = host.Services.GetRequiredService<IEventTransport>();
        var key = _keys.Stream(stream);
        await transport.EnsureGroupAsync(key, Group, "0", Cancel);
        var id = await AppendAsync(host, stream, "o-1");
        Assert.Single(await transport.ReadGroupAsync(key, Group, holder, ">", 10, null, Cancel));
        var client = await RedisClient.ConnectAsync(redis.Server.Url, Cancel);
        _resources.Add(client);
        Assert.Equal(1, await client.XDelAsync(key, id, Cancel));
        return id;
    }

    private Task<RedisStreamId> AppendAsync(IHost host, string stream, string orderId) =>
        RawPublisher.PlaceOrderAsync(host, _keys, stream, new OrderPlaced(orderId, 1));

    private async Task<IReadOnlyList<StreamPendingEntry>> PendingAsync(IHost host, string stream) =>
        await host.Services.GetRequiredService<IEventTransport>().PendingAsync(_keys.Stream(stream), Group, RedisStreamId.Zero, RedisStreamId.MaxValue, 100, null, Cancel);

    private static ConsumerLoopHealth Health(IHost host) =>
        Assert.Single(host.Services.GetRequiredService<ConsumerHealthRegistry>().Snapshot());

    private async Task<IHost> StartHostAsync(string url, string stream, string instance, Func<EventContext<OrderPlaced>, CancellationToken, ValueTask> handler)
    {
        var host = await CreateHostAsync(url, stream, instance, handler);
        await host.StartAsync(Cancel);
        return host;
    }

    private async Task<IHost> CreateHostAsync(string url, string stream, string instance, Func<EventContext<OrderPlaced>, CancellationToken, ValueTask> handler, LogCollector? logs = null)
    {
        var client = await RedisClient.ConnectAsync(url, Cancel);
        _resources.Add(client);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddFleetEvents(o => o.InstanceName = instance)
            .AddTestEvents()
            .UseRedis(client)
            .AddConsumerGroup(stream, Group, g => g
                .Configure(o =>
                {
                    o.BlockTimeout = TimeSpan.FromSeconds(1);
                    o.ProcessingTimeout = TimeSpan.FromMilliseconds(300);
                    o.RetryDelay = TimeSpan.FromMilliseconds(5);
                    o.ShutdownTimeout = TimeSpan.FromSeconds(2);
                })
                .Handle(handler));
        var host = builder.Build();
        _resources.Add(new HostResource(host));
        return host;
    }
}
