using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.Benchmarks.Redis;

/// <summary>
/// The Fleet.Redis suite: latency, throughput and allocations of the client, each beside
/// redis-benchmark measured against the same server in the same run.
/// </summary>
internal static class RedisClientSuite
{
    private const int SerialCalls = 50_000;
    private const int ConcurrentCallers = 64;
    private const int ConcurrentCalls = 1_000_000;
    private const int AllocationBudget = 300;

    private static readonly BenchmarkTarget[] Targets =
    [
        new("ping_p50_latency_serial", "serial PING p50 ≤ 1.5 × redis-benchmark -c 1 p50", 1.5, AtMost: true),
        new("xadd_p50_latency_serial", "serial XADD p50 ≤ 1.5 × redis-benchmark -c 1 p50", 1.5, AtMost: true),
        new("xadd_256b_64_callers_throughput", "XADD, 64 callers on one connection ≥ 50 % of redis-benchmark -c 50 -P 64", 0.5, AtMost: false),
        new("xadd_allocated_bytes_per_call", "bytes allocated per XADD (BenchmarkDotNet MemoryDiagnoser), payload excluded ≤ 300 (baseline = the budget)", 1.0, AtMost: true),
        new("xadd_allocated_bytes_per_call_loop", "cross-check: bytes allocated on all threads per awaited XADD in a loop ≤ 300", 1.0, AtMost: true),
    ];

    public static async Task<bool> RunAsync(string outputDirectory)
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions
        {
            ExtraConfig = new Dictionary<string, string> { ["save"] = "\"\"", ["appendonly"] = "no" },
        });
        var payload = new string('x', 256);
        await using var client = await RedisClient.ConnectAsync(server.Url);
        StreamField[] fields = [new("data", payload)];
        var results = new List<BenchmarkResult>();

        var ping = await LatencyRecorder.MeasureAsync(5_000, SerialCalls, async () => await client.PingAsync());
        var pingReference = await RedisBenchmarkTool.RunAsync(server.Port, 1, 1, SerialCalls, "PING");
        results.Add(BenchmarkResult.Against("ping_p50_latency_serial", LatencyRecorder.Percentile(ping, 0.5), "ms", pingReference.P50Milliseconds));

        var xadd = await LatencyRecorder.MeasureAsync(5_000, SerialCalls, async () => await client.XAddAsync("bench:serial", fields, StreamTrim.MaxLength(100_000)));
        var xaddReference = await RedisBenchmarkTool.RunAsync(server.Port, 1, 1, SerialCalls, "XADD", "bench:ref:serial", "MAXLEN", "~", "100000", "*", "data", payload);
        results.Add(BenchmarkResult.Against("xadd_p50_latency_serial", LatencyRecorder.Percentile(xadd, 0.5), "ms", xaddReference.P50Milliseconds));

        await client.ExecuteAsync("DEL", "bench:serial", "bench:ref:serial");
        var throughput = await MeasureConcurrentXAddAsync(client, fields);
        await client.ExecuteAsync("DEL", "bench:concurrent");
        var throughputReference = await RedisBenchmarkTool.RunAsync(server.Port, 50, 64, ConcurrentCalls, "XADD", "bench:ref:concurrent", "*", "data", payload);
        await client.ExecuteAsync("DEL", "bench:ref:concurrent");
        results.Add(BenchmarkResult.Against("xadd_256b_64_callers_throughput", throughput, "ops/s", throughputReference.RequestsPerSecond));

        results.Add(BenchmarkResult.Against("xadd_allocated_bytes_per_call", MeasureAllocatedBytes(server.Url), "bytes", AllocationBudget));
        results.Add(BenchmarkResult.Against("xadd_allocated_bytes_per_call_loop", await MeasureLoopAllocationsAsync(client, fields), "bytes", AllocationBudget));

        var info = await client.InfoAsync("server") ?? string.Empty;
        var version = info.Split('\n').FirstOrDefault(l => l.StartsWith("redis_version:", StringComparison.Ordinal))?.Trim()[14..] ?? "?";
        var environment = $"redis-server {version} on 127.0.0.1, {Environment.ProcessorCount} cores, .NET {Environment.Version}; payload 256 bytes; serial runs {SerialCalls} calls; concurrent run {ConcurrentCalls} calls from {ConcurrentCallers} callers.";
        return await ResultWriter.WriteAsync(outputDirectory, "redis-client", "Fleet.Redis client benchmarks", results, Targets, environment);
    }

    private static async Task<double> MeasureConcurrentXAddAsync(RedisClient client, StreamField[] fields)
    {
        // Warm up the path (JIT tiers, pools) before timing.
        await RunCallersAsync(client, fields, 100_000);
        await client.ExecuteAsync("DEL", "bench:concurrent");
        var started = TimeProvider.System.GetTimestamp();
        await RunCallersAsync(client, fields, ConcurrentCalls);
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        var stored = (await client.ExecuteAsync("XLEN", "bench:concurrent")).ToInt64();
        if (stored != ConcurrentCalls)
        {
            throw new InvalidOperationException($"Expected {ConcurrentCalls} entries after the run, found {stored}.");
        }

        return ConcurrentCalls / elapsed.TotalSeconds;
    }

    private static Task RunCallersAsync(RedisClient client, StreamField[] fields, int calls)
    {
        var remaining = calls;
        return Task.WhenAll(Enumerable.Range(0, ConcurrentCallers).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await client.XAddAsync("bench:concurrent", fields);
            }
        })));
    }

    /// <summary>
    /// A cross-check of the BenchmarkDotNet figure: every byte allocated on any thread (reader loop and
    /// thread pool included) during 200 000 awaited XADDs, divided by the calls.
    /// </summary>
    private static async Task<double> MeasureLoopAllocationsAsync(RedisClient client, StreamField[] fields)
    {
        const int Calls = 200_000;
        var trim = StreamTrim.MaxLength(10_000);
        for (var i = 0; i < 20_000; i++)
        {
            await client.XAddAsync("bench:loop", fields, trim);
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < Calls; i++)
        {
            await client.XAddAsync("bench:loop", fields, trim);
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        await client.ExecuteAsync("DEL", "bench:loop");
        return (double)allocated / Calls;
    }

    private static double MeasureAllocatedBytes(string url)
    {
        Environment.SetEnvironmentVariable("FLEET_BENCH_REDIS_URL", url);
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<XAddAllocationBenchmark>(config);
        var report = summary.Reports.Single();
        return report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase)
            ?? throw new InvalidOperationException("BenchmarkDotNet measured no allocations (MemoryDiagnoser missing?).");
    }
}
