using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Fleet.Events;
using Fleet.Redis;
using Fleet.Testing;
using Fleet.Testing.Postgres;
using Fleet.Testing.Processes;

namespace Fleet.Ctl.Tests.Gateway;

/// <summary>
/// The real event-gateway process (<c>services/event-gateway/bin/…/Fleet.EventGateway.dll</c>) on a real redis-server
/// and PostgreSQL, with one admin and one read-only key, for fleetctl's gateway mode.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string AdminKey = "fleetctl-admin-key-0123456789";
    public const string ReadKey = "fleetctl-read-key-0123456789";

    private static readonly TimeSpan ProbePause = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentQueue<string> _lines = new();
    private RedisServer? _redis;
    private PostgresServer? _postgres;
    private DotnetProcess? _gateway;
    private RedisClient? _client;

    /// <summary>The gateway's base URL.</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>The keys under the gateway's prefix.</summary>
    public StreamKeys Keys { get; } = new($"ctlgw-{Guid.NewGuid():N}:");

    /// <summary>A client of the gateway's Redis.</summary>
    public RedisClient Redis => _client ?? throw new InvalidOperationException("Not started.");

    /// <summary>fleetctl's options for gateway mode with <paramref name="key"/>.</summary>
    public IReadOnlyList<string> Options(string key = AdminKey) => ["--gateway", Url, "--api-key", key, "--redis", _redis!.Url, "--prefix", Keys.Prefix];

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _redis = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        _postgres = await PostgresServer.StartAsync(cancellationToken);
        var archive = await _postgres.CreateDatabaseAsync("fleetctl", cancellationToken);
        _client = await RedisClient.ConnectAsync(_redis.Url, cancellationToken);
        var port = FreePort.Next();
        Url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        _gateway = DotnetProcess.Start(ServiceBinaries.DllOf("event-gateway"), [], new Dictionary<string, string?>
        {
            ["ConnectionStrings__Redis"] = _redis.Url,
            ["ConnectionStrings__Archive"] = archive,
            ["Fleet__Http__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Fleet__Events__KeyPrefix"] = Keys.Prefix,
            ["Gateway__ApiKeys__Admin__0"] = AdminKey,
            ["Gateway__ApiKeys__ReadOnly__0"] = ReadKey,
            ["OTEL_SDK_DISABLED"] = "true",
        }, _lines.Enqueue, _lines.Enqueue);
        using var http = new HttpClient();
        try
        {
            await Eventually.TrueAsync(async () => _gateway.Exit.IsCompleted || await IsReadyAsync(http), "event-gateway answers 200 on /health/ready", TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{string.Join('\n', _lines.TakeLast(40))}", e);
        }

        if (_gateway.Exit.IsCompleted)
        {
            throw new InvalidOperationException($"event-gateway exited with {await _gateway.Exit} before it was ready:\n{string.Join('\n', _lines.TakeLast(40))}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    private async Task<bool> IsReadyAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(Url + "/health/ready"), TestContext.Current.CancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return true;
            }
        }
        catch (HttpRequestException)
        {
            // Not listening yet.
        }

        // Pacing, not proof: each probe costs the starting gateway a health run.
        await Task.Delay(ProbePause, TestContext.Current.CancellationToken);
        return false;
    }
}
