using Fleet.Testing;

namespace Fleet.Benchmarks.Events;

/// <summary>
/// Only the events suite's pipeline row (`--suite pipeline`, `--runs N`): publish → consume → ack of 1 000 000 events,
/// after one untimed warm-up run, repeated in one process so a change can be compared run against run on a busy machine
/// without the request/response rows. Reports every run and their median, as events/s and as process CPU per event.
/// </summary>
internal static class PipelineSuite
{
    private static readonly BenchmarkTarget[] Targets =
    [
        new("pipeline_median_throughput", "median of the runs ≥ 100 000 events/s (baseline = target)", 1.0, AtMost: false),
    ];

    public static async Task<bool> RunAsync(string outputDirectory, int runs)
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions
        {
            ExtraConfig = new Dictionary<string, string> { ["save"] = "\"\"", ["appendonly"] = "no" },
        });
        var payload = new string('x', EventsSuite.PipelinePayloadChars);
        await EventsSuite.MeasurePipelineAsync(server.Url, payload, "bench.warmup", EventsSuite.PipelineWarmupEvents);

        var throughput = new double[runs];
        var cpu = new double[runs];
        var results = new List<BenchmarkResult>();
        for (var run = 0; run < runs; run++)
        {
            (throughput[run], cpu[run]) = await EventsSuite.MeasurePipelineAsync(server.Url, payload, $"bench.pipeline.{run}", EventsSuite.PipelineEvents);
            results.Add(BenchmarkResult.Against($"pipeline_run{run + 1}_throughput", throughput[run], "events/s", 100_000));
            results.Add(BenchmarkResult.Against($"pipeline_run{run + 1}_cpu", cpu[run], "µs/event", cpu[run]));
        }

        results.Add(BenchmarkResult.Against("pipeline_median_throughput", Median(throughput), "events/s", 100_000));
        results.Add(BenchmarkResult.Against("pipeline_median_cpu", Median(cpu), "µs/event", Median(cpu)));
        var environment = $"redis-server on 127.0.0.1, {Environment.ProcessorCount} cores, .NET {Environment.Version}. " +
            $"{runs} runs of {EventsSuite.PipelineEvents} events (256-byte data) after an untimed warm-up run of {EventsSuite.PipelineWarmupEvents}, as in the events suite.";
        return await ResultWriter.WriteAsync(outputDirectory, "pipeline", "Fleet.Events pipeline (publish → consume → ack)", results, Targets, environment);
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
