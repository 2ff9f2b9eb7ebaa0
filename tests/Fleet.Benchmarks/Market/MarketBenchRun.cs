using System.Globalization;
using Fleet.Benchmarks.Fleet;
using Fleet.Redis;
using Fleet.Testing;
using Fleet.Testing.Processes;

namespace Fleet.Benchmarks.Market;

/// <summary>
/// One benchmark's surroundings: a redis-server of its own (no persistence), a client, and the service replicas it starts
/// as processes (<see cref="ServiceReplica"/>, docs/fleet.md's process contract); everything stopped at dispose, the
/// replicas' logs kept when the run failed.
/// </summary>
internal sealed class MarketBenchRun : IAsyncDisposable
{
    public const string MarketMonitor = "market-monitor";
    public const string DeadLetterReaper = "dead-letter-reaper";
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(120);

    private readonly List<ServiceReplica> _replicas = [];
    private RedisServer? _redis;
    private RedisClient? _client;
    private bool _failed;

    private MarketBenchRun(string logDirectory) => LogDirectory = logDirectory;

    public string LogDirectory { get; }

    public RedisServer Redis => _redis ?? throw new InvalidOperationException("Not started.");

    /// <summary>The replicas started, in start order.</summary>
    public IReadOnlyList<ServiceReplica> Replicas => _replicas;

    public RedisClient Client => _client ?? throw new InvalidOperationException("Not started.");

    public static async Task<MarketBenchRun> StartAsync()
    {
        var run = new MarketBenchRun(Directory.CreateTempSubdirectory("fleet-bench-market-").FullName);
        try
        {
            run._redis = await RedisServer.StartAsync(new RedisServerOptions
            {
                ExtraConfig = new Dictionary<string, string> { ["save"] = "\"\"", ["appendonly"] = "no" },
            });
            run._client = await RedisClient.ConnectAsync(run._redis.Url);
            return run;
        }
        catch
        {
            run._failed = true;
            await run.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts <paramref name="service"/> as instance <paramref name="name"/> and waits for its /health/ready; returns the time it took.</summary>
    public async Task<TimeSpan> StartReplicaAsync(string name, string service, IReadOnlyDictionary<string, string?> settings)
    {
        var port = FreePort.Next();
        var environment = new Dictionary<string, string?>(settings, StringComparer.Ordinal)
        {
            ["REDIS_URL"] = Redis.Url,
            ["ConnectionStrings__Redis"] = null,
            ["Fleet__Http__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Fleet__Events__InstanceName"] = name,
            // Nothing is exported: the benchmark measures the work, not a telemetry pipeline.
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
        };
        var replica = ServiceReplica.Start(name, ServiceBinaries.DllOf(service), port, environment, LogDirectory);
        _replicas.Add(replica);
        return await replica.WaitHealthyAsync("/health/ready", StartLimit);
    }

    /// <summary>Marks the run failed: the replicas' logs are kept for a look.</summary>
    public void Fail() => _failed = true;

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_replicas.Select(r => r.TerminateAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default)));
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_failed)
        {
            Console.WriteLine($"market: the services' output is in {LogDirectory}");
        }
        else
        {
            Directory.Delete(LogDirectory, recursive: true);
        }
    }
}
