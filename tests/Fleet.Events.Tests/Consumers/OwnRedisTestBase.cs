using Fleet.Redis;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Events.Tests.Consumers;

/// <summary>
/// Tests that need a redis-server of their own (they restart it, pause it or kill its clients): servers, clients and
/// hosts they start are disposed after the test, last first.
/// </summary>
public abstract class OwnRedisTestBase : IAsyncLifetime
{
    protected const string Group = "workers";
    private readonly List<IAsyncDisposable> _resources = [];

    protected StreamKeys Keys { get; } = new();

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        for (var i = _resources.Count - 1; i >= 0; i--)
        {
            await _resources[i].DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes <paramref name="resource"/> after the test, before what was owned earlier.</summary>
    protected void Own(IAsyncDisposable resource) => _resources.Add(resource);

    protected async Task<RedisServer> StartServerAsync(RedisServerOptions? options = null)
    {
        var server = await RedisServer.StartAsync(options, Cancel);
        _resources.Add(server);
        return server;
    }

    protected async Task<RedisClient> ConnectAsync(RedisServer server)
    {
        var client = await RedisClient.ConnectAsync(server.Url, Cancel);
        _resources.Add(client);
        return client;
    }

    /// <summary>Starts a host consuming <paramref name="stream"/> in <see cref="Group"/> with <paramref name="handler"/>, logging to <paramref name="logs"/>.</summary>
    private protected async Task<IHost> StartHostAsync(
        RedisClient client,
        string stream,
        LogCollector logs,
        Action<ConsumerGroupOptions> configure,
        Func<EventContext<OrderPlaced>, CancellationToken, ValueTask> handler,
        Action<FleetEventsOptions>? options = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Services.AddSingleton<ILoggerProvider>(logs);
        builder.Services.AddFleetEvents(o =>
            {
                o.InstanceName = "own-redis";
                options?.Invoke(o);
            })
            .AddTestEvents()
            .UseRedis(client)
            .AddConsumerGroup(stream, Group, g => g
                .Configure(o =>
                {
                    o.BlockTimeout = TimeSpan.FromSeconds(1);
                    o.RetryDelay = TimeSpan.FromMilliseconds(5);
                    o.ShutdownTimeout = TimeSpan.FromSeconds(2);
                    configure(o);
                })
                .Handle(handler));
        var host = builder.Build();
        _resources.Add(new HostResource(host));
        await host.StartAsync(Cancel);
        return host;
    }
}
