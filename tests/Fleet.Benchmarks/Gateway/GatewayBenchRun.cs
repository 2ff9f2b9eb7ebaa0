using System.Globalization;
using Fleet.Benchmarks.Market;
using Fleet.Testing.Postgres;

namespace Fleet.Benchmarks.Gateway;

/// <summary>
/// The gateway suite's surroundings: a redis-server and a client (<see cref="MarketBenchRun"/>), a PostgreSQL of its own
/// with one database for the archive, and the gateway as a process (built Release) with an admin and a read-only key and
/// no effective rate limit.
/// </summary>
internal sealed class GatewayBenchRun : IAsyncDisposable
{
    public const string AdminKey = "bench-admin-key-0123456789abcdef";
    public const string ReadKey = "bench-read-key-0123456789abcdef";

    private GatewayBenchRun(MarketBenchRun run, PostgresServer postgres, string database)
    {
        Run = run;
        Postgres = postgres;
        Database = database;
    }

    public MarketBenchRun Run { get; }

    public PostgresServer Postgres { get; }

    /// <summary>The archive database's connection string.</summary>
    public string Database { get; }

    /// <summary>The gateway's base URL, once started.</summary>
    public string Url => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Run.Replicas[0].HttpPort}");

    public static async Task<GatewayBenchRun> StartAsync()
    {
        var run = await MarketBenchRun.StartAsync();
        try
        {
            var postgres = await PostgresServer.StartAsync();
            return new GatewayBenchRun(run, postgres, await postgres.CreateDatabaseAsync("gateway"));
        }
        catch
        {
            run.Fail();
            await run.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the gateway (its migrations run at start) and waits for /health/ready.</summary>
    public async Task StartGatewayAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var environment = new Dictionary<string, string?>(settings, StringComparer.Ordinal)
        {
            ["ConnectionStrings__Archive"] = Database,
            ["Gateway__ApiKeys__Admin__0"] = AdminKey,
            ["Gateway__ApiKeys__ReadOnly__0"] = ReadKey,
            ["Gateway__RateLimit__PermitsPerWindow"] = "100000000",
        };
        var ready = await Run.StartReplicaAsync("event-gateway", "event-gateway", environment);
        Console.WriteLine($"event-gateway: ready after {ready.TotalSeconds:0.000} s");
    }

    public async ValueTask DisposeAsync()
    {
        await Run.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
