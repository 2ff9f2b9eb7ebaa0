using System.Globalization;

namespace Fleet.Benchmarks.Gateway;

/// <summary>
/// The gateway suite (issue 10): POST /events with 64 keep-alive connections through the gateway as a process (targets
/// ≥ 15 000 events/s and p99 ≤ 10 ms on this machine). Results in bench-results/gateway.json and .md.
/// </summary>
internal static class GatewaySuite
{
    private const double PublishTarget = 15_000;
    private const double P99TargetMs = 10;
    private const double QueryP99TargetMs = 5;

    private static readonly BenchmarkTarget[] Targets =
    [
        new("gateway_publish_per_second", "POST /events answered 2xx per second with 64 connections ≥ 15 000 (baseline = target)", 1.0, AtMost: false),
        new("gateway_publish_p99_ms", "POST /events p99 latency ≤ 10 ms (baseline = target)", 1.0, AtMost: true),
        new("gateway_query_by_correlation_p99_ms", "GET /events?correlationId= on 1 000 000 archived events, one request in flight per core, p99 ≤ 5 ms (baseline = target)", 1.0, AtMost: true),
        new("gateway_stream_growth_vs_2xx", "contextual.events grew by at least the 2xx answers (nothing accepted is missing)", 1.0, AtMost: false),
        new("gateway_stream_growth_beyond_2xx", "and by at most one request per connection more (those in flight when wrk stopped counting)", 1.0, AtMost: true),
    ];

    public static async Task<bool> RunAsync(string outputDirectory)
    {
        var results = new List<BenchmarkResult>();
        var publishRuns = await PublishBenchmark.RunAsync();
        var quietPublish = QuietRuns.Quietest(publishRuns);
        var publish = quietPublish.Figures;
        var wrk = publish.Wrk;
        var perSecond = wrk.Successful / publish.Duration.TotalSeconds;
        results.Add(BenchmarkResult.Against("gateway_publish_per_second", perSecond, "events/s", PublishTarget));
        results.Add(BenchmarkResult.Against("gateway_publish_p50_ms", wrk.P50Ms, "ms", P99TargetMs));
        results.Add(BenchmarkResult.Against("gateway_publish_p90_ms", wrk.P90Ms, "ms", P99TargetMs));
        results.Add(BenchmarkResult.Against("gateway_publish_p99_ms", wrk.P99Ms, "ms", P99TargetMs));
        results.Add(BenchmarkResult.Against("gateway_publish_steal_percent", quietPublish.StealPercent, "%", 100));
        var published = publishRuns.Select(r => r.Figures).ToList();
        results.Add(BenchmarkResult.Against("gateway_publish_non_2xx", published.Sum(r => r.Wrk.Non2xx + r.Wrk.SocketErrors), "responses", Math.Max(1, published.Sum(r => r.Wrk.Requests))));
        // Nothing accepted may be missing in any run, quiet or not: the worst run of each check is the one reported.
        var leastGrown = published.MinBy(r => (double)r.StreamGrowth / Math.Max(1, r.Wrk.Successful))!;
        results.Add(BenchmarkResult.Against("gateway_stream_growth_vs_2xx", leastGrown.StreamGrowth, "entries", Math.Max(1, leastGrown.Wrk.Successful)));
        var mostGrown = published.MaxBy(r => r.StreamGrowth - r.Wrk.Successful)!;
        results.Add(BenchmarkResult.Against("gateway_stream_growth_beyond_2xx", mostGrown.StreamGrowth - mostGrown.Wrk.Successful, "entries", mostGrown.Connections));
        var perEvent = Math.Max(1, publish.StreamGrowth);
        results.Add(BenchmarkResult.Against("gateway_cpu_usec_per_publish", publish.GatewayCpuSeconds * 1e6 / perEvent, "µs", Environment.ProcessorCount * 1e6 / PublishTarget));
        results.Add(BenchmarkResult.Against("gateway_redis_cpu_usec_per_publish", publish.RedisCpuSeconds * 1e6 / perEvent, "µs", Environment.ProcessorCount * 1e6 / PublishTarget));
        for (var i = 0; i < publishRuns.Count; i++)
        {
            var run = publishRuns[i];
            results.Add(BenchmarkResult.Against($"gateway_publish_run{i + 1}_per_second", run.Figures.Wrk.Successful / run.Figures.Duration.TotalSeconds, "events/s", PublishTarget));
            results.Add(BenchmarkResult.Against($"gateway_publish_run{i + 1}_p99_ms", run.Figures.Wrk.P99Ms, "ms", P99TargetMs));
            results.Add(BenchmarkResult.Against($"gateway_publish_run{i + 1}_steal_percent", run.StealPercent, "%", 100));
        }

        Console.WriteLine(Invariant($"gateway: the quietest of {publishRuns.Count} runs (CPU steal {quietPublish.StealPercent:0.0} %): {wrk.Successful:N0} events published in {publish.Duration.TotalSeconds:0} s = {perSecond:N0}/s (target {PublishTarget:N0}: {(perSecond >= PublishTarget ? "met" : "NOT met")}), p50 {wrk.P50Ms:0.00} ms, p99 {wrk.P99Ms:0.00} ms (target {P99TargetMs} ms: {(wrk.P99Ms <= P99TargetMs ? "met" : "NOT met")}); {wrk.Non2xx:N0} non-2xx, {wrk.SocketErrors:N0} socket errors; stream grew by {publish.StreamGrowth:N0}; CPU per publish: gateway {publish.GatewayCpuSeconds * 1e6 / perEvent:0} µs, redis-server {publish.RedisCpuSeconds * 1e6 / perEvent:0} µs"));
        Console.WriteLine("gateway publish runs: " + string.Join("; ", publishRuns.Select(r => Invariant($"{r.Figures.Wrk.Successful / r.Figures.Duration.TotalSeconds:N0}/s p99 {r.Figures.Wrk.P99Ms:0.00} ms steal {r.StealPercent:0.0} %"))));

        var query = await QueryBenchmark.RunAsync();
        var quiet = QuietRuns.Quietest(query.Latency);
        var l = quiet.Figures;
        results.Add(BenchmarkResult.Against("gateway_query_by_correlation_per_second", l.Successful / query.LatencyDuration.TotalSeconds, "requests/s", l.Successful / query.LatencyDuration.TotalSeconds));
        results.Add(BenchmarkResult.Against("gateway_query_by_correlation_p50_ms", l.P50Ms, "ms", QueryP99TargetMs));
        results.Add(BenchmarkResult.Against("gateway_query_by_correlation_p99_ms", l.P99Ms, "ms", QueryP99TargetMs));
        results.Add(BenchmarkResult.Against("gateway_query_steal_percent", quiet.StealPercent, "%", 100));
        for (var i = 0; i < query.Latency.Count; i++)
        {
            results.Add(BenchmarkResult.Against($"gateway_query_run{i + 1}_p99_ms", query.Latency[i].Figures.P99Ms, "ms", QueryP99TargetMs));
            results.Add(BenchmarkResult.Against($"gateway_query_run{i + 1}_steal_percent", query.Latency[i].StealPercent, "%", 100));
        }

        var q = query.Saturated.Figures;
        results.Add(BenchmarkResult.Against("gateway_query_saturated_per_second", q.Successful / query.Duration.TotalSeconds, "requests/s", q.Successful / query.Duration.TotalSeconds));
        results.Add(BenchmarkResult.Against("gateway_query_saturated_p50_ms", q.P50Ms, "ms", QueryP99TargetMs));
        results.Add(BenchmarkResult.Against("gateway_query_saturated_p99_ms", q.P99Ms, "ms", QueryP99TargetMs));
        results.Add(BenchmarkResult.Against("gateway_query_saturated_steal_percent", query.Saturated.StealPercent, "%", 100));
        var queried = query.Latency.Select(r => r.Figures).Append(q).ToList();
        results.Add(BenchmarkResult.Against("gateway_query_non_2xx", queried.Sum(f => f.Non2xx + f.SocketErrors), "responses", Math.Max(1, queried.Sum(f => f.Requests))));
        // CPU per answer tells a faster path from a quieter machine; the budget is all cores over the measured rate.
        var queryCpu = query.GatewayCpuSeconds * 1e6 / Math.Max(1, q.Requests);
        results.Add(BenchmarkResult.Against("gateway_cpu_usec_per_query", queryCpu, "µs", Environment.ProcessorCount * 1e6 / Math.Max(1, q.Successful / query.Duration.TotalSeconds)));
        results.Add(BenchmarkResult.Against("gateway_archive_fill_rows_per_second", query.Rows / query.FillTime.TotalSeconds, "rows/s", query.Rows / query.FillTime.TotalSeconds));
        Console.WriteLine(Invariant($"gateway query: GET /events?correlationId= on {query.Rows:N0} archived events ({query.EventsPerAnswer} per answer), {QueryBenchmark.LatencyConnections} connections, the quietest of {query.Latency.Count} runs (CPU steal {quiet.StealPercent:0.0} %): {l.Successful / query.LatencyDuration.TotalSeconds:N0}/s, p50 {l.P50Ms:0.00} ms, p99 {l.P99Ms:0.00} ms (target {QueryP99TargetMs} ms: {(l.P99Ms <= QueryP99TargetMs ? "met" : "NOT met")}); {QueryBenchmark.Connections} connections (saturated, steal {query.Saturated.StealPercent:0.0} %): {q.Successful / query.Duration.TotalSeconds:N0}/s, p50 {q.P50Ms:0.00} ms, p99 {q.P99Ms:0.00} ms"));
        Console.WriteLine("gateway query latency runs: " + string.Join("; ", query.Latency.Select(r => Invariant($"p50 {r.Figures.P50Ms:0.00} ms p99 {r.Figures.P99Ms:0.00} ms steal {r.StealPercent:0.0} %"))));

        var environment = Invariant($"""
            {Environment.ProcessorCount} cores shared by redis-server (no persistence), the gateway and wrk; .NET {Environment.Version}. Load before the run is not controlled: other work on the machine makes these figures noisy. This machine is a virtual one whose host takes CPU time from it when its other guests are busy: the share of our CPU time it took ("steal", /proc/stat) is measured over every measured run (`*_steal_percent`, of all cores' time), and each latency-bound measurement is repeated until a run's steal stays under {QuietRuns.QuietStealPercent} %, at most {QuietRuns.MaxRuns} times: the targets are held to the run with the least steal, every run is listed beside it (`*_run<N>_*`), and the no-loss checks hold for every run (docs/adr/0014-benchmarks-on-a-shared-host.md).

            Publish: event-gateway as a process (`dotnet services/event-gateway/bin/Release/net10.0/Fleet.EventGateway.dll`, default options but one admin key and `Gateway__RateLimit__PermitsPerWindow=100000000`). Debian's wrk 4.1 (`wrk -c {publish.Connections} -t {PublishBenchmark.Threads} -d {publish.Duration.TotalSeconds:0}s --latency`, keep-alive) POSTs one valid `file.uploaded` (its data 230 bytes) with the admin key to /events after a {PublishBenchmark.Warmup.TotalSeconds:0} s warm-up run, then in measured runs of {PublishBenchmark.Duration.TotalSeconds:0} s (as many as it takes for one with steal under {QuietRuns.QuietStealPercent} %, at most {QuietRuns.MaxRuns}; contextual.events emptied with XTRIM MAXLEN 0 before each, so the stream's default retention of about 1 000 000 entries trims nothing during a run); `gateway_publish_*` and the CPU figures are the run with the least steal's. Rate = 2xx answers / duration (baseline: the target, 15 000/s); latency percentiles as wrk reports them (baseline: the 10 ms target); contextual.events' XLEN before and after each measured run against wrk's 2xx count: at least that many (nothing accepted is lost), and at most one per connection more (wrk stops counting with requests in flight, which the gateway still publishes); the run worst at each check is the one reported. CPU time over the measured run (/proc/<pid>/stat for the gateway, INFO cpu for redis-server) per event published, against the budget at the target on all cores (2 cores / 15 000 events/s = 133 µs for everything: gateway, redis-server and wrk). The gateway runs with its PostgreSQL archive configured (PostgreSQL 15 of tests/Fleet.Testing, fsync off) and `Archive__ArchiverEnabled=false`: the archiver's own throughput is `--suite archive`'s.

            Query: the same set-up, the archive filled by the archive's bulk writer (binary COPY, {QueryBenchmark.Rows:N0} events, {QueryBenchmark.PerConversation} per correlation id, conversations interleaved in time, then `VACUUM (ANALYZE)` as autovacuum would after the load, and a CHECKPOINT, so neither runs during the measurement); one answer is checked to hold {QueryBenchmark.PerConversation} events. wrk GETs `/events?correlationId=<one of {QueryBenchmark.IdsInScript:N0} random ids>` with the read-only key, after a {QueryBenchmark.Warmup.TotalSeconds:0} s warm-up, in measured runs: runs of {QueryBenchmark.LatencyDuration.TotalSeconds:0} s with `-c {QueryBenchmark.LatencyConnections} -t {QueryBenchmark.Threads}` until one has steal under {QuietRuns.QuietStealPercent} % (at most {QuietRuns.MaxRuns}) (one request in flight per core: the query path's latency; `gateway_query_by_correlation_*` is the run with the least steal, the figure the 5 ms p99 target is held to, and `gateway_query_run<N>_*` every run), then one run of {QueryBenchmark.Duration.TotalSeconds:0} s, `gateway_query_saturated_*`, with `-c {QueryBenchmark.Connections} -t {QueryBenchmark.Threads}` (as many answers as the machine gives; wrk is closed-loop, so on two cores shared by wrk, the gateway and PostgreSQL its p99 is mostly requests queueing behind each other: reported, not held to the target). p99 as wrk reports it (baseline: the 5 ms target); requests/s and the fill rate (rows/s) are reported against themselves; the gateway's CPU time over the saturated run (/proc/<pid>/stat) per request wrk sent, against all cores' time per answer at that rate (everything: gateway, PostgreSQL, wrk).
            """);
        return await ResultWriter.WriteAsync(outputDirectory, "gateway", "Gateway benchmarks (issue 10: the event-gateway's HTTP API as a process)", results, Targets, environment);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
