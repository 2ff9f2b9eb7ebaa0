using Fleet.Events.Transport;
using Fleet.Redis;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Events.Tests.Behaviour;

/// <summary>
/// The base of the behaviour suite every transport passes (STYLE.md "one behaviour suite for every transport"):
/// each suite is an abstract class deriving from this one, with one sealed subclass per <see cref="TransportKind"/>.
/// A test starts one or more hosts ("processes") that share the transport: the assembly's redis-server, or one
/// <see cref="InMemoryEventTransport"/> per test.
/// </summary>
public abstract class BehaviourTestBase : IAsyncLifetime
{
    private readonly List<IHost> _hosts = [];
    private readonly List<RedisClient> _clients = [];
    private int _instances;

    protected BehaviourTestBase(RedisServerFixture redis)
    {
        Redis = redis;
        Memory = new InMemoryEventTransport(TimeProvider.System);
    }

    /// <summary>The transport this class runs on.</summary>
    protected abstract TransportKind Kind { get; }

    /// <summary>The assembly's redis-server (used when <see cref="Kind"/> is Redis).</summary>
    protected RedisServerFixture Redis { get; }

    /// <summary>This test's in-memory transport (used when <see cref="Kind"/> is InMemory).</summary>
    protected InMemoryEventTransport Memory { get; }

    /// <summary>Key scheme of the hosts (default prefix).</summary>
    protected StreamKeys Keys { get; } = new();

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>
    /// Starts a host ("a process") with the test events registered, the transport of <see cref="Kind"/>, a consumer
    /// name of its own unless <paramref name="instanceName"/> is given, and whatever <paramref name="configure"/> adds.
    /// </summary>
    protected async Task<IHost> StartHostAsync(Action<FleetEventsBuilder> configure, Action<FleetEventsOptions>? options = null, string? instanceName = null)
    {
        var host = await CreateHostAsync(configure, options, instanceName);
        await host.StartAsync(Cancel);
        return host;
    }

    /// <summary>Builds a host like <see cref="StartHostAsync"/> without starting it.</summary>
    protected async Task<IHost> CreateHostAsync(Action<FleetEventsBuilder> configure, Action<FleetEventsOptions>? options = null, string? instanceName = null)
    {
        var name = instanceName ?? $"instance-{Interlocked.Increment(ref _instances)}";
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        var events = builder.Services.AddFleetEvents(o =>
        {
            o.InstanceName = name;
            options?.Invoke(o);
        }).AddTestEvents();
        if (Kind == TransportKind.Redis)
        {
            events.UseRedis(await ConnectAsync());
        }
        else
        {
            events.UseInMemory(Memory);
        }

        configure(events);
        var host = builder.Build();
        _hosts.Add(host);
        return host;
    }

    /// <summary>A client of its own on the assembly's redis-server, disposed after the test.</summary>
    protected async Task<RedisClient> ConnectAsync()
    {
        var client = await RedisClient.ConnectAsync(Redis.Server.Url, Cancel);
        _clients.Add(client);
        return client;
    }

    /// <summary>The publisher of <paramref name="host"/>.</summary>
    protected static IEventPublisher Publisher(IHost host) => host.Services.GetRequiredService<IEventPublisher>();

    /// <summary>The transport of <paramref name="host"/>, for raw appends and inspection (XLEN, XPENDING, the DLQ).</summary>
    internal static IEventTransport TransportOf(IHost host) => host.Services.GetRequiredService<IEventTransport>();

    /// <summary>Entries on <paramref name="key"/> (a full key: stream, dlq), read without a group.</summary>
    internal static async Task<IReadOnlyList<StreamEntry>> ReadAllAsync(IHost host, string key) =>
        await TransportOf(host).ReadAsync(key, RedisStreamId.Zero, 100_000, block: null, Cancel);

    /// <summary>
    /// Deletes the stream key with its groups, as a Redis restart without persistence or FLUSHALL would
    /// (without disturbing other tests on the shared server).
    /// </summary>
    protected async Task DeleteStreamAsync(string streamKey)
    {
        if (Kind == TransportKind.Redis)
        {
            var client = await ConnectAsync();
            await client.DeleteAsync(streamKey, Cancel);
        }
        else
        {
            Memory.Delete(streamKey);
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            try
            {
                await host.StopAsync(CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                // A host a test stopped already, or one that never started.
            }

            host.Dispose();
        }

        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await Memory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
