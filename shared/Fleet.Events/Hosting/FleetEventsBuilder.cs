using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Fleet.Events.Consumers;
using Fleet.Events.Transport;
using Fleet.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Events;

/// <summary>
/// Configures the event bus of one process: its transport, the event types it knows and the consumer groups it
/// joins. Returned by <see cref="FleetEventsServiceCollectionExtensions.AddFleetEvents"/>.
/// </summary>
public sealed class FleetEventsBuilder
{
    private readonly HashSet<(string Stream, string Group)> _groups = [];
    private readonly HashSet<(string Stream, string Lease)> _leases = [];

    internal FleetEventsBuilder(IServiceCollection services, EventTypeRegistry registry)
    {
        Services = services;
        Registry = registry;
    }

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The event types registered so far.</summary>
    public EventTypeRegistry Registry { get; }

    /// <summary>Uses Redis Streams through <paramref name="client"/>; the caller owns and disposes the client.</summary>
    public FleetEventsBuilder UseRedis(RedisClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return UseRedis(_ => client);
    }

    /// <summary>
    /// Uses Redis Streams through the client <paramref name="clientFactory"/> returns, connected or not yet (one made by
    /// <see cref="RedisClient.Create(RedisClientOptions)"/>); the caller owns and disposes the client.
    /// </summary>
    public FleetEventsBuilder UseRedis(Func<IServiceProvider, RedisClient> clientFactory)
    {
        ArgumentNullException.ThrowIfNull(clientFactory);
        Services.RemoveAll<IEventTransport>();
        Services.AddSingleton<IEventTransport>(sp => new RedisEventTransport(clientFactory(sp), sp.GetRequiredService<ILogger<RedisEventTransport>>()));
        return this;
    }

    /// <summary>Uses Redis Streams on the server <paramref name="url"/> names (<c>redis://[user:password@]host:port[/db]</c>); see <see cref="UseRedis(RedisClientOptions)"/>.</summary>
    public FleetEventsBuilder UseRedis(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        return UseRedis(RedisClientOptions.Parse(url));
    }

    /// <summary>
    /// Uses Redis Streams through a client this bus creates and owns (disposed with the host), registered as the
    /// container's <see cref="RedisClient"/> for the application's own commands. The client connects in the
    /// background (<see cref="RedisClient.Create(RedisClientOptions)"/>), so the host starts while Redis is down: the
    /// health check reports it unreachable and not ready, and the consumers create their groups and read once it is up.
    /// </summary>
    public FleetEventsBuilder UseRedis(RedisClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Services.RemoveAll<OwnedRedisClient>();
        Services.AddSingleton(_ => new OwnedRedisClient(RedisClient.Create(options)));
        // The application's own Redis work (a service's keys beside its streams) shares this client and its connection.
        Services.TryAddSingleton(sp => sp.GetRequiredService<OwnedRedisClient>().Client);
        return UseRedis(sp => sp.GetRequiredService<OwnedRedisClient>().Client);
    }

    /// <summary>
    /// Uses the in-memory transport: the same semantics (groups, pending, claims, dead letters) inside this process.
    /// Pass one <paramref name="transport"/> to several hosts to run a whole fleet in one process.
    /// </summary>
    public FleetEventsBuilder UseInMemory(InMemoryEventTransport? transport = null)
    {
        Services.RemoveAll<IEventTransport>();
        if (transport is null)
        {
            Services.AddSingleton<IEventTransport>(sp => new InMemoryEventTransport(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        }
        else
        {
            // Registered as an instance, so a host stopping does not dispose a transport other hosts share.
            Services.AddSingleton<IEventTransport>(transport);
        }

        return this;
    }

    /// <summary>Registers <typeparamref name="T"/> as event type <paramref name="name"/> at <paramref name="version"/>.</summary>
    public FleetEventsBuilder AddEventType<T>(string name, int version, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        Registry.Add(name, version, typeInfo);
        return this;
    }

    /// <summary>Registers the step from <paramref name="fromVersion"/> to the next version of <paramref name="name"/>.</summary>
    public FleetEventsBuilder AddUpcaster(string name, int fromVersion, Func<JsonObject, JsonObject> upcast)
    {
        Registry.AddUpcaster(name, fromVersion, upcast);
        return this;
    }

    /// <summary>
    /// Joins consumer group <paramref name="group"/> on <paramref name="stream"/> with the handlers
    /// <paramref name="configure"/> lists. The group (and stream) is created when missing.
    /// </summary>
    public FleetEventsBuilder AddConsumerGroup(string stream, string group, Action<ConsumerGroupBuilder> configure)
    {
        StreamKeys.Validate(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        ArgumentNullException.ThrowIfNull(configure);
        if (!_groups.Add((stream, group)))
        {
            throw new InvalidOperationException($"Consumer group '{group}' on '{stream}' is already registered.");
        }

        var definition = new ConsumerGroupDefinition(stream, group);
        configure(new ConsumerGroupBuilder(Services, definition));
        definition.Options.Validate(group);
        if (definition.Handlers.Count == 0)
        {
            throw new InvalidOperationException($"Consumer group '{group}' on '{stream}' has no handlers; list them with Handle<TEvent, THandler>().");
        }

        Services.AddSingleton(definition);
        Services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<ConsumerGroupService>(sp, definition));
        return this;
    }

    /// <summary>
    /// Runs <typeparamref name="TWork"/> in one process of the fleet at a time: a hosted service campaigns for the leader
    /// lease <paramref name="name"/> on <paramref name="stream"/> (key <see cref="StreamKeys.Leader"/>) and calls
    /// <see cref="ILeaderWork.RunAsync"/> while it holds it, with a fencing token that grows with every new holder. The
    /// work is taken from the container when registered there, else created with its constructor's services. Settings
    /// come from <c>Fleet:Leadership</c> (<see cref="LeadershipOptions"/>), validated at start. See docs/leadership.md.
    /// </summary>
    public FleetEventsBuilder AddLeaderWork<TWork>(string stream, string name)
        where TWork : class, ILeaderWork
    {
        StreamKeys.Validate(stream);
        StreamKeys.ValidateLease(name);
        if (!_leases.Add((stream, name)))
        {
            throw new InvalidOperationException($"Leader work '{name}' on '{stream}' is already registered.");
        }

        var definition = new LeaderWorkDefinition(stream, name, typeof(TWork));
        Services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<LeaderService>(sp, definition));
        return this;
    }
}
