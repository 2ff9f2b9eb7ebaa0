using Fleet.Contracts;
using Fleet.Ctl.Cli;
using Fleet.Events;
using Fleet.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Ctl.Connection;

/// <summary>
/// Fleet.Events on one Redis connection, without a host: the publisher (validation, envelope, retention as the services
/// apply it), the registered contracts, the key scheme and the group statistics. Publishing fails fast when Redis is
/// unreachable (the default <see cref="PublishFailureMode.FailFast"/>): a command-line tool keeps no outbox.
/// </summary>
internal sealed class FleetBus : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private FleetBus(RedisClient redis, RedisTarget target, ServiceProvider services)
    {
        Redis = redis;
        Target = target;
        _services = services;
    }

    /// <summary>The connection.</summary>
    public RedisClient Redis { get; }

    /// <summary>Where it goes, and the mask for its password.</summary>
    public RedisTarget Target { get; }

    /// <summary>The keys under the chosen prefix.</summary>
    public StreamKeys Keys => _services.GetRequiredService<StreamKeys>();

    /// <summary>The publisher of the services.</summary>
    public IEventPublisher Publisher => _services.GetRequiredService<IEventPublisher>();

    /// <summary>Fleet.Contracts' event types.</summary>
    public EventTypeRegistry Registry => _services.GetRequiredService<EventTypeRegistry>();

    /// <summary>Lag, pending and dead letters of any group (ADR 0005's counting).</summary>
    public ConsumerGroupStatistics Statistics => _services.GetRequiredService<ConsumerGroupStatistics>();

    /// <summary>Connects to the Redis <paramref name="settings"/> name and registers the contracts.</summary>
    public static async Task<FleetBus> ConnectAsync(GlobalSettings settings, CancellationToken cancellationToken)
    {
        var target = RedisTarget.Resolve(settings.Redis);
        var redis = await target.ConnectAsync(cancellationToken);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFleetEvents(o => o.KeyPrefix = settings.Prefix).UseRedis(redis).AddFleetContracts();
        return new FleetBus(redis, target, services.BuildServiceProvider());
    }

    /// <summary>Fleet.Contracts' event types without a connection (schemas, validation before connecting).</summary>
    public static EventTypeRegistry Contracts() => new ServiceCollection().AddFleetEvents().UseInMemory().AddFleetContracts().Registry;

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
