using Fleet.Events;
using Fleet.Redis;
using Fleet.Testing;
using Fleet.Testing.Postgres;

namespace Fleet.Ctl.Tests.Gateway;

/// <summary>
/// The real event-gateway process on a real redis-server and PostgreSQL, with one admin and one read-only key, for
/// fleetctl's gateway mode.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string AdminKey = "fleetctl-admin-key-0123456789";
    public const string ReadKey = "fleetctl-read-key-0123456789";

    private RedisServer? _redis;
    private PostgresServer? _postgres;
    private ServiceUnderTest? _gateway;
    private RedisClient? _client;

    /// <summary>The keys under the gateway's prefix.</summary>
    public StreamKeys Keys { get; } = new($"ctlgw-{Guid.NewGuid():N}:");

    /// <summary>A client of the gateway's Redis.</summary>
    public RedisClient Redis => _client ?? throw new InvalidOperationException("Not started.");

    /// <summary>fleetctl's options for gateway mode with <paramref name="key"/>.</summary>
    public IReadOnlyList<string> Options(string key = AdminKey) => ["--gateway", _gateway!.Url, "--api-key", key, "--redis", _redis!.Url, "--prefix", Keys.Prefix];

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _redis = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        _postgres = await PostgresServer.StartAsync(cancellationToken);
        _client = await RedisClient.ConnectAsync(_redis.Url, cancellationToken);
        _gateway = await ServiceUnderTest.StartAsync("event-gateway", new Dictionary<string, string?>
        {
            ["ConnectionStrings__Redis"] = _redis.Url,
            ["ConnectionStrings__Archive"] = await _postgres.CreateDatabaseAsync("fleetctl", cancellationToken),
            ["Fleet__Events__KeyPrefix"] = Keys.Prefix,
            ["Gateway__ApiKeys__Admin__0"] = AdminKey,
            ["Gateway__ApiKeys__ReadOnly__0"] = ReadKey,
        });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var resource in new IAsyncDisposable?[] { _gateway, _client, _postgres, _redis })
        {
            if (resource is not null)
            {
                await resource.DisposeAsync();
            }
        }
    }
}
