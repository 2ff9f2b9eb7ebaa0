using Fleet.Benchmarks.Market;
using Fleet.Contracts;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.Benchmarks.Gateway;

/// <summary>
/// POST /events through the gateway as a process (built Release, `dotnet Fleet.EventGateway.dll`): wrk with
/// <see cref="Connections"/> keep-alive connections posts one valid file.uploaded with the admin key, first for a warm-up,
/// then for the measured <see cref="Duration"/> until a run's CPU steal (the host's) is low, at most
/// <see cref="QuietRuns.MaxRuns"/> times (<see cref="QuietRuns.UntilQuietAsync"/>); contextual.events' length before and after each run must grow by the 2xx answers wrk counted.
/// </summary>
internal static class PublishBenchmark
{
    public const int Connections = 64;
    public const int Threads = 2;
    public static readonly TimeSpan Warmup = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);
    private const string Body =
        """{"type":"file.uploaded","data":{"file_id":"01JBENCH0000000000000000AA","user_id":"bench-user","file_name":"report.pdf","size_bytes":1024,"mime_type":"application/pdf","storage_uri":"file:///data/uploads/report.pdf"},"userId":"bench-user"}""";

    public static async Task<IReadOnlyList<MeasuredRun<PublishFigures>>> RunAsync()
    {
        await using var bench = await GatewayBenchRun.StartAsync();
        var run = bench.Run;
        try
        {
            // The archiver (its own benchmark: --suite archive) is off, so the figures are the API's publish path alone.
            await bench.StartGatewayAsync(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Archive__ArchiverEnabled"] = "false" });
            var script = Path.Combine(run.LogDirectory, "publish.lua");
            await File.WriteAllTextAsync(script, Script());
            var url = bench.Url + "/events";

            await Wrk.RunAsync(url, script, Connections, Threads, Warmup);
            var stream = new StreamKeys().Stream(FleetStreams.Contextual);
            return await QuietRuns.UntilQuietAsync(
                "publish",
                async _ =>
                {
                    // Emptied first: the runs together publish more than the stream's default retention (MAXLEN ~ 1 000 000),
                    // whose trimming would hide entries from the growth check.
                    await run.Client.XTrimAsync(stream, StreamTrim.MaxLength(0));
                    var before = await run.Client.XLenAsync(stream);
                    var (gatewayCpu0, redisCpu0) = (CpuTime.OfProcess(run.Replicas[0].ProcessId), await CpuTime.OfRedisAsync(run.Client));
                    var (figures, output) = await Wrk.RunAsync(url, script, Connections, Threads, Duration);
                    var (gatewayCpu1, redisCpu1) = (CpuTime.OfProcess(run.Replicas[0].ProcessId), await CpuTime.OfRedisAsync(run.Client));
                    var after = await run.Client.XLenAsync(stream);
                    Console.WriteLine(output);
                    return new PublishFigures(figures, after - before, Duration, Connections, gatewayCpu1 - gatewayCpu0, redisCpu1 - redisCpu0);
                });
        }
        catch
        {
            run.Fail();
            throw;
        }
    }

    /// <summary>wrk's Lua: every request the same POST (each publish gets its own event id in the gateway).</summary>
    private static string Script() => $"""
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
        wrk.headers["X-Api-Key"] = "{GatewayBenchRun.AdminKey}"
        wrk.body = '{Body}'
        """;
}
