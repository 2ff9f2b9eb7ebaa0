using Fleet.Redis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Events.Tests.Consumers;

/// <summary>
/// Hosts ("processes") with one consumer group on a Redis the test controls, disposed in reverse order after the test:
/// stopped and disposed before the servers they use.
/// </summary>
internal sealed class RedisHosts : IAsyncDisposable
{
    public const string Group = "workers";

    private readonly List<IAsyncDisposable> _resources = [];

    /// <summary>Something disposed with the hosts (a server, a client), after the hosts made later.</summary>
    public T Own<T>(T resource)
        where T : IAsyncDisposable
    {
        _resources.Add(resource);
        return resource;
    }

    /// <summary>
    /// Builds a host that uses <paramref name="redis"/> (a client it creates and owns) as consumer
    /// <paramref name="instance"/> of <see cref="Group"/> on <paramref name="stream"/>.
    /// </summary>
    public IHost Create(
        RedisClientOptions redis,
        string stream,
        string instance,
        Func<EventContext<OrderPlaced>, CancellationToken, ValueTask> handler,
        LogCollector? logs = null,
        Action<ConsumerGroupOptions>? group = null,
        Action<FleetEventsOptions>? options = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddFleetEvents(o =>
            {
                o.InstanceName = instance;
                o.InstanceHeartbeat = TimeSpan.FromMilliseconds(100);
                o.InstanceLeaseTime = TimeSpan.FromMilliseconds(600);
                options?.Invoke(o);
            })
            .AddTestEvents()
            .UseRedis(redis)
            .AddConsumerGroup(stream, Group, g => g
                .Configure(o =>
                {
                    o.BlockTimeout = TimeSpan.FromMilliseconds(500);
                    o.ShutdownTimeout = TimeSpan.FromSeconds(2);
                    group?.Invoke(o);
                })
                .Handle(handler));
        var host = builder.Build();
        _resources.Add(new HostResource(host));
        return host;
    }

    /// <summary>Options for <paramref name="url"/> that retry the connection quickly.</summary>
    public static RedisClientOptions QuickRetries(string url) => RedisClientOptions.Parse(url) with
    {
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(20),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    public async ValueTask DisposeAsync()
    {
        for (var i = _resources.Count - 1; i >= 0; i--)
        {
            await _resources[i].DisposeAsync();
        }
    }
}
