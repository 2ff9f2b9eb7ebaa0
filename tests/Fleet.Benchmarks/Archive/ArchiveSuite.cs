using System.Globalization;
using Fleet.Testing;
using Fleet.Testing.Postgres;

namespace Fleet.Benchmarks.Archive;

/// <summary>
/// The archive suite (issue 10): the archiver's throughput into PostgreSQL (target ≥ 20 000 events/s) and the query by
/// correlation id on 1 000 000 archived events (target p99 ≤ 5 ms), on a redis-server and a PostgreSQL it starts.
/// Results in bench-results/archive.json and .md.
/// </summary>
internal static class ArchiveSuite
{
    private const double ThroughputTarget = 20_000;
    private const double QueryP99Target = 5;

    private static readonly BenchmarkTarget[] Targets =
    [
        new("archiver_events_per_second", "archiver from a pre-filled stream into PostgreSQL ≥ 20 000 events/s (baseline = target)", 1.0, AtMost: false),
        new("archive_query_by_correlation_p99", "query by correlation id on 1 000 000 rows: p99 ≤ 5 ms (baseline = target)", 1.0, AtMost: true),
    ];

    public static async Task<bool> RunAsync(string outputDirectory)
    {
        await using var redis = await RedisServer.StartAsync(new RedisServerOptions
        {
            ExtraConfig = new Dictionary<string, string> { ["save"] = "\"\"", ["appendonly"] = "no" },
        });
        await using var postgres = await PostgresServer.StartAsync();
        var results = new List<BenchmarkResult>();

        var (perSecond, window, archived) = await ArchiverThroughputBenchmark.RunAsync(redis, postgres);
        results.Add(BenchmarkResult.Against("archiver_events_per_second", perSecond, "events/s", ThroughputTarget));
        Console.WriteLine(Invariant($"archiver: {ArchiverThroughputBenchmark.Events:N0} events in {window.TotalSeconds:0.00} s = {perSecond:N0} events/s (target {ThroughputTarget:N0}); {archived:N0} rows in archived_events"));

        var query = await ArchiveQueryBenchmark.RunAsync(postgres);
        var quiet = QuietRuns.Quietest(query.Runs);
        results.Add(BenchmarkResult.Against("archive_query_by_correlation_p50", quiet.Figures.P50Ms, "ms", QueryP99Target));
        results.Add(BenchmarkResult.Against("archive_query_by_correlation_p99", quiet.Figures.P99Ms, "ms", QueryP99Target));
        results.Add(BenchmarkResult.Against("archive_query_steal_percent", quiet.StealPercent, "%", 100));
        for (var i = 0; i < query.Runs.Count; i++)
        {
            results.Add(BenchmarkResult.Against($"archive_query_run{i + 1}_p99", query.Runs[i].Figures.P99Ms, "ms", QueryP99Target));
            results.Add(BenchmarkResult.Against($"archive_query_run{i + 1}_steal_percent", query.Runs[i].StealPercent, "%", 100));
        }

        results.Add(BenchmarkResult.Against("archive_query_by_correlation_server_p50", query.ServerP50Ms, "ms", QueryP99Target));
        results.Add(BenchmarkResult.Against("archive_query_by_correlation_server_p99", query.ServerP99Ms, "ms", QueryP99Target));
        results.Add(BenchmarkResult.Against("archive_bulk_fill_1000000_rows", query.Fill.TotalSeconds, "s", query.Fill.TotalSeconds));
        Console.WriteLine(Invariant($"archive query by correlation id on {ArchiveQueryBenchmark.Rows:N0} rows, the quietest of {query.Runs.Count} runs (CPU steal {quiet.StealPercent:0.0} %): p50 {quiet.Figures.P50Ms:0.000} ms, p99 {quiet.Figures.P99Ms:0.000} ms (target p99 {QueryP99Target} ms); inside PostgreSQL p50 {query.ServerP50Ms:0.000} ms, p99 {query.ServerP99Ms:0.000} ms; filled in {query.Fill.TotalSeconds:0.0} s"));

        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
        var environment = Invariant($"""
            Load average at the end of the run (/proc/loadavg): {load}, on {Environment.ProcessorCount} cores shared with other work.

            redis-server (no persistence) and PostgreSQL {PostgresVersion()} (the test fixture's settings: fsync=off, synchronous_commit=off, shared_buffers=128MB) on 127.0.0.1, started by the suite; {Environment.ProcessorCount} cores, .NET {Environment.Version}. Load before the run is not controlled: other work on the machine makes these figures noisy.

            Throughput: {ArchiverThroughputBenchmark.Events:N0} file.uploaded envelopes (about 450 bytes each, a correlation id per 10) pre-filled on contextual.events; then the archive registered as event-gateway registers it (AddEventArchive: migrations, then the archiver, group archiver, Archive:BatchSize 1 000) in a Generic Host in this process. Rate = entries acknowledged (entries-read minus pending of the group, sampled every 5 ms) from the first acknowledged to the last, over that time (start-up excluded; baseline: the target, 20 000/s). Each acknowledged entry was written first (COPY into a temporary table, INSERT … ON CONFLICT DO NOTHING, commit, then XACK).

            Query: {ArchiveQueryBenchmark.Rows:N0} events in archived_events (conversations of {ArchiveQueryBenchmark.ConversationSize} across three streams, 1 000 users) written by the internal bulk writer (binary COPY, every index in place; its time is beside, baseline itself), then VACUUM (ANALYZE) and a CHECKPOINT; then runs of {ArchiveQueryBenchmark.Queries:N0} PostgresEventArchive.QueryAsync calls on the gateway's data source (ArchiveDataSource: statements prepared, no reset on return) by a random conversation's correlation id (limit 100), one at a time (200 untimed ones before the first run), until a run's CPU steal (the host's, /proc/stat) is under {QuietRuns.QuietStealPercent} %, at most {QuietRuns.MaxRuns} runs: `archive_query_by_correlation_*` is the run with the least steal, `archive_query_run<N>_*` every run (docs/adr/0014-benchmarks-on-a-shared-host.md); each call checked to return its {ArchiveQueryBenchmark.ConversationSize} events; latency includes Npgsql and reading data into JsonElement (baseline: the p99 target, 5 ms). Beside them, the same SQL's execution time inside PostgreSQL (EXPLAIN (ANALYZE) "Execution Time") for {ArchiveQueryBenchmark.ServerQueries} random conversations: the index's cost apart from the client and the machine's scheduling (baseline: the same 5 ms).
            """);
        return await ResultWriter.WriteAsync(outputDirectory, "archive", "Archive benchmarks (issue 10: the event-gateway's archiver and archive queries in PostgreSQL)", results, Targets, environment);
    }

    private static string PostgresVersion() =>
        Directory.Exists("/usr/lib/postgresql") ? string.Join(", ", Directory.GetDirectories("/usr/lib/postgresql").Select(Path.GetFileName)) : "?";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
