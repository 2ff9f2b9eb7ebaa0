using BenchmarkDotNet.Attributes;
using Fleet.Redis;

namespace Fleet.Benchmarks.Redis;

/// <summary>
/// Bytes allocated by one XADD call on the shared connection. The payload (the field array and its
/// 256-byte value) is built once, outside the measured call, so what is left is the client's own cost.
/// </summary>
[MemoryDiagnoser]
public class XAddAllocationBenchmark
{
    private RedisClient? _client;
    private StreamField[] _fields = [];

    /// <summary>The server's URL, handed over by the suite through an environment variable.</summary>
    public static string Url => Environment.GetEnvironmentVariable("FLEET_BENCH_REDIS_URL")
        ?? throw new InvalidOperationException("FLEET_BENCH_REDIS_URL is not set; run the suite through `make bench`.");

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _client = await RedisClient.ConnectAsync(Url);
        _fields = [new StreamField("data", new string('x', 256))];
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _client!.ExecuteAsync("DEL", "bench:alloc");
        await _client.DisposeAsync();
    }

    [Benchmark]
    public ValueTask<RedisStreamId?> XAdd() => _client!.XAddAsync("bench:alloc", _fields, StreamTrim.MaxLength(10_000));
}
