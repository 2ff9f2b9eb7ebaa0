using Fleet.Events.Tests.Behaviour;
using Fleet.Redis;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Events.Tests.Consumers;

/// <summary>
/// A consumer's connection dies with its commit in flight: the commit script never runs, nothing is written, the entry
/// stays pending, and the redelivery commits once. Its own redis-server, because CLIENT PAUSE and CLIENT KILL reach
/// every client of a server.
/// </summary>
public sealed class StagedWritesRedisIntegrationTests : IAsyncLifetime
{
    private const string Group = "workers";
    private readonly StreamKeys _keys = new();
    private readonly List<IAsyncDisposable> _resources = [];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StagedWrites_ConnectionKilledWithTheCommitInFlight_NothingWrittenAndTheRedeliveryAppliesOnce()
    {
        var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        _resources.Add(server);
        var admin = await ConnectAsync(server);
        var name = TestStreams.Unique();
        var count = _keys.Stream(name) + ":state:count";
        var staged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        var logs = new LogCollector();
        var host = await StartHostAsync(await ConnectAsync(server), name, logs, async (context, _) =>
        {
            context.StageIncrement(context.StateKey("count"));
            if (Interlocked.Increment(ref runs) == 1)
            {
                staged.TrySetResult();
                await paused.Task.WaitAsync(Cancel);
            }
        });
        await RawPublisher.PlaceOrderAsync(host, _keys, name, new OrderPlaced("o-1", 1));
        await staged.Task.WaitAsync(Cancel);

        // CLIENT PAUSE WRITE holds every script: the commit reaches Redis and waits there, not yet run.
        await admin.ExecuteAsync("CLIENT", ["PAUSE", "60000", "WRITE"], Cancel);
        paused.TrySetResult();
        await Eventually.TrueAsync(
            async () => (await admin.ExecuteAsync("CLIENT", ["LIST"], Cancel)).Value.ToString().Contains("cmd=evalsha", StringComparison.Ordinal),
            "the commit script waits in the pause");
        await admin.ExecuteAsync("CLIENT", ["KILL", "TYPE", "normal", "SKIPME", "yes"], Cancel);
        await admin.ExecuteAsync("CLIENT", ["UNPAUSE"], Cancel);

        await Eventually.TrueAsync(() => logs.Records.Any(r => r.Id == 1040), "the consumer saw its commit fail");
        Assert.True((await admin.GetAsync(count, Cancel)).IsNull, "the killed commit wrote nothing");
        await Eventually.TrueAsync(async () => !(await admin.GetAsync(count, Cancel)).IsNull, "the redelivery committed", TimeSpan.FromSeconds(20));
        await Eventually.TrueAsync(async () => (await admin.XPendingAsync(_keys.Stream(name), Group, Cancel)).Count == 0, "nothing is pending");
        Assert.Equal(2, runs);
        Assert.Equal("1", (await admin.GetAsync(count, Cancel)).ToString());
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        for (var i = _resources.Count - 1; i >= 0; i--)
        {
            await _resources[i].DisposeAsync();
        }
    }

    private async Task<RedisClient> ConnectAsync(RedisServer server)
    {
        var client = await RedisClient.ConnectAsync(server.Url, Cancel);
        _resources.Add(client);
        return client;
    }

    private async Task<IHost> StartHostAsync(RedisClient client, string stream, LogCollector logs, Func<EventContext<OrderPlaced>, CancellationToken, ValueTask> handler)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<ILoggerProvider>(logs);
        builder.Services.AddFleetEvents(o => o.InstanceName = "killed")
            .AddTestEvents()
            .UseRedis(client)
            .AddConsumerGroup(stream, Group, g => g
                .Configure(o =>
                {
                    o.BlockTimeout = TimeSpan.FromSeconds(1);
                    o.ProcessingTimeout = TimeSpan.FromMilliseconds(500);
                    o.ClaimInterval = TimeSpan.FromMilliseconds(100);
                    o.RetryDelay = TimeSpan.FromMilliseconds(5);
                    o.ShutdownTimeout = TimeSpan.FromSeconds(2);
                })
                .Handle(handler));
        var host = builder.Build();
        _resources.Add(new HostResource(host));
        await host.StartAsync(Cancel);
        return host;
    }
}
