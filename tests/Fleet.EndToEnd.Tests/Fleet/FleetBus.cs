using Fleet.Contracts;
using Fleet.Events;
using Fleet.Redis;
using Fleet.Testing;
using Fleet.Testing.Acl;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.EndToEnd.Tests.Fleet;

/// <summary>
/// The test's own side of a fleet: a redis-server on a free loopback port loaded with the fleet's ACL file
/// (deploy/redis/users.acl rendered with passwords of the run: the default user is off), a client to it as <c>admin</c>,
/// the event bus the test publishes with (Fleet.Events with Fleet.Contracts, instance <c>e2e-tests</c>) and
/// <see cref="FleetState"/> to read what the services left. Each service process connects as its own user
/// (<see cref="UrlFor"/>), so every end-to-end test also proves that user's ACL rules let the service work.
/// </summary>
internal sealed class FleetBus : IAsyncDisposable
{
    private readonly FleetAclFile _acl;
    private readonly RedisServer _redis;
    private readonly RedisClient _client;
    private readonly ServiceProvider _events;

    private FleetBus(FleetAclFile acl, RedisServer redis, RedisClient client, ServiceProvider events)
    {
        _acl = acl;
        _redis = redis;
        _client = client;
        _events = events;
        Keys = events.GetRequiredService<StreamKeys>();
        Registry = events.GetRequiredService<EventTypeRegistry>();
        State = new FleetState(client, Registry, Keys);
    }

    /// <summary>The server; its <see cref="RedisServer.Url"/> is <c>admin</c>'s.</summary>
    public RedisServer Redis => _redis;

    public RedisClient Client => _client;

    public IEventPublisher Publisher => _events.GetRequiredService<IEventPublisher>();

    public StreamKeys Keys { get; }

    /// <summary>The contracts' event types, to encode an envelope the way a producer does.</summary>
    public EventTypeRegistry Registry { get; }

    public FleetState State { get; }

    /// <summary>The URL a process of <paramref name="service"/> connects with: its own ACL user, named as the service.</summary>
    public string UrlFor(string service) => _acl.UrlFor(_redis, service);

    public static async Task<FleetBus> StartAsync(CancellationToken cancellationToken)
    {
        var acl = await FleetAclFile.RenderAsync(cancellationToken);
        RedisServer? redis = null;
        try
        {
            redis = await acl.StartServerAsync(cancellationToken);
            var client = await RedisClient.ConnectAsync(redis.Url, cancellationToken);
            var services = new ServiceCollection().AddLogging();
            services.AddFleetEvents(o => o.InstanceName = "e2e-tests").UseRedis(client).AddFleetContracts();
            return new FleetBus(acl, redis, client, services.BuildServiceProvider());
        }
        catch
        {
            await (redis?.DisposeAsync() ?? ValueTask.CompletedTask);
            acl.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _events.DisposeAsync();
        await _client.DisposeAsync();
        await _redis.DisposeAsync();
        _acl.Dispose();
    }
}
