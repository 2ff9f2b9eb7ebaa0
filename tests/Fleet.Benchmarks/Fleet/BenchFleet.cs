using System.Globalization;
using System.Security.Cryptography;
using Fleet.Contracts;
using Fleet.Events;
using Fleet.Redis;
using Fleet.Testing;
using Fleet.Testing.Processes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Benchmarks.Fleet;

/// <summary>
/// The fleet on this machine for the benchmark: a redis-server, the user's webhook endpoint in this process, and the
/// built services as separate processes (two file-processor replicas, two embedding-generator replicas, one notifier),
/// each started alone and timed to <c>/health/ready</c>, its idle memory read before the next starts. This process
/// publishes and reads through its own Fleet.Events host (the uploads, the preferences, the embedding requests).
/// </summary>
internal sealed class BenchFleet : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(120);

    private readonly List<ServiceReplica> _replicas = [];
    private readonly List<IdleFigures> _idle = [];
    private readonly string _signingSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
    private RedisServer? _redis;
    private RedisClient? _client;
    private IHost? _host;
    private bool _failed;

    private BenchFleet(string storageRoot, string logDirectory)
    {
        StorageRoot = storageRoot;
        LogDirectory = logDirectory;
    }

    /// <summary>The replicas in start order: instance name and service.</summary>
    public static IReadOnlyList<(string Name, string Service)> Replicas { get; } =
    [
        ("file-processor-1", ServiceBinaries.FileProcessor),
        ("file-processor-2", ServiceBinaries.FileProcessor),
        ("embedding-generator-1", ServiceBinaries.EmbeddingGenerator),
        ("embedding-generator-2", ServiceBinaries.EmbeddingGenerator),
        ("notifier-1", ServiceBinaries.Notifier),
    ];

    public string StorageRoot { get; }

    public string LogDirectory { get; }

    public RedisClient Client => _client ?? throw new InvalidOperationException("Not started.");

    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("Not started.");

    public WebhookSink Webhooks { get; private set; } = null!;

    /// <summary>Each replica's start-up and idle figures, in start order.</summary>
    public IReadOnlyList<IdleFigures> Idle => _idle;

    public static async Task<BenchFleet> StartAsync()
    {
        var fleet = new BenchFleet(
            Directory.CreateTempSubdirectory("fleet-bench-storage-").FullName,
            Directory.CreateTempSubdirectory("fleet-bench-logs-").FullName);
        try
        {
            fleet._redis = await RedisServer.StartAsync(new RedisServerOptions
            {
                ExtraConfig = new Dictionary<string, string> { ["save"] = "\"\"", ["appendonly"] = "no" },
            });
            fleet._client = await RedisClient.ConnectAsync(fleet._redis.Url);
            fleet.Webhooks = await WebhookSink.StartAsync();
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddFleetEvents(o => o.InstanceName = "fleet-bench").UseRedis(fleet._client).AddFleetContracts();
            fleet._host = builder.Build();
            await fleet._host.StartAsync();

            foreach (var (name, service) in Replicas)
            {
                await fleet.StartReplicaAsync(name, service);
            }

            return fleet;
        }
        catch
        {
            fleet._failed = true;
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>Marks the run failed: the replicas' logs are kept for a look.</summary>
    public void Fail() => _failed = true;

    public async ValueTask DisposeAsync()
    {
        // SIGTERM first (the services finish in-flight work and exit 0), then whatever is left is killed.
        await Task.WhenAll(_replicas.Select(r => r.TerminateAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default)));
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        foreach (var disposable in new IAsyncDisposable?[] { Webhooks, _client, _redis })
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }

        _host?.Dispose();
        Directory.Delete(StorageRoot, recursive: true);
        if (_failed)
        {
            Console.WriteLine($"fleet: the services' output is in {LogDirectory}");
        }
        else
        {
            Directory.Delete(LogDirectory, recursive: true);
        }
    }

    private async Task StartReplicaAsync(string name, string service)
    {
        var port = FreePort.Next();
        var replica = ServiceReplica.Start(name, ServiceBinaries.DllOf(service), port, EnvironmentOf(name, service, port), LogDirectory);
        _replicas.Add(replica);
        var live = await replica.WaitHealthyAsync("/health/live", StartLimit);
        var ready = await replica.WaitHealthyAsync("/health/ready", StartLimit);
        var rss = await replica.IdleRssMegabytesAsync(maxReads: 20);
        _idle.Add(new IdleFigures(name, service, live, ready, rss));
        Console.WriteLine($"{name}: live after {live.TotalSeconds:0.000} s, ready after {ready.TotalSeconds:0.000} s, idle RSS {rss:0.0} MB");
    }

    /// <summary>docs/fleet.md's process contract, pointed at this run's Redis, storage root and webhook endpoint.</summary>
    private Dictionary<string, string?> EnvironmentOf(string name, string service, int port)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["REDIS_URL"] = _redis!.Url,
            ["ConnectionStrings__Redis"] = null,
            ["Fleet__Http__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Fleet__Events__InstanceName"] = name,
            // Nothing is exported: the benchmark measures the work, not a telemetry pipeline.
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
        };
        switch (service)
        {
            case ServiceBinaries.FileProcessor:
                environment["FileProcessor__StorageRoot"] = StorageRoot;
                break;
            case ServiceBinaries.Notifier:
                environment["Notifier__Webhook__SigningSecret"] = _signingSecret;

                // 1 000 uploads of one user in a minute are the benchmark, not a flood.
                environment["Notifier__RateLimit__PerMinute"] = "100000";
                break;
        }

        return environment;
    }
}
