using Fleet.Contracts;
using Fleet.Events;
using Fleet.Redis;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.EndToEnd.Tests.Fleet;

/// <summary>
/// The test's own side of a fleet: a redis-server on a free loopback port, a client to it, the event bus the test publishes
/// with (Fleet.Events with Fleet.Contracts, instance <c>e2e-tests</c>) and <see cref="FleetState"/> to read what the services left.
/// </summary>
internal sealed class FleetBus : IAsyncDisposable
{
    private readonly RedisServer _redis;
    private readonly RedisClient _client;
    private readonly ServiceProvider _events;

    private FleetBus(RedisServer redis, RedisClient client, ServiceProvider events)
    {
        _redis = redis;
        _client = client;
        _events = events;
        Keys = events.GetRequiredService<StreamKeys>();
        Registry = events.GetRequiredService<EventTypeRegistry>();
        State = new FleetState(client, Registry, Keys);
    }

    public RedisServer Redis => _redis;

    public RedisClient Client => _client;

    public IEventPublisher Publisher => _events.GetRequiredService<IEventPublisher>();

    public StreamKeys Keys { get; }

    /// <summary>The contracts' event types, to encode an envelope the way a producer does.</summary>
    public EventTypeRegistry Registry { get; }

    public FleetState State { get; }

    public static async Task<FleetBus> StartAsync(CancellationToken cancellationToken)
    {
        var redis = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        var client = await RedisClient.ConnectAsync(redis.Url, cancellationToken);
        var services = new ServiceCollection().AddLogging();
        services.AddFleetEvents(o => o.InstanceName = "e2e-tests").UseRedis(client).AddFleetContracts();
        return new FleetBus(redis, client, services.BuildServiceProvider());
    }

    public async ValueTask DisposeAsync()
    {
        await _events.DisposeAsync();
        await _client.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
