using System.Diagnostics;
using System.Globalization;
using Fleet.Testing.Processes;

namespace Fleet.Benchmarks.Fleet;

/// <summary>
/// The fleet suite (issue 8): the built services as separate processes on a redis-server started for the run. Idle
/// start-up and memory of each replica, 1 000 small uploads through the whole upload path, the model alone and the
/// bus's share of an embedding round trip. Targets from the issue are the baselines of their rows (ratio ≤ 1 meets
/// them); rows without a target carry a reference to read them against.
/// </summary>
internal static class FleetSuite
{
    private const double RssTargetMegabytes = 80;
    private const double ReadyTargetSeconds = 1.5;
    private const double BusShareTargetPercent = 5;

    private static readonly BenchmarkTarget[] Targets =
    [
        new("file_processor_start_to_ready", "file-processor: process start to /health/ready 200 ≤ 1.5 s (baseline = target; the slower replica)", 1.0, AtMost: true),
        new("file_processor_idle_rss", "file-processor: idle RSS ≤ 80 MB (baseline = target; the larger replica)", 1.0, AtMost: true),
        new("notifier_start_to_ready", "notifier: process start to /health/ready 200 ≤ 1.5 s (baseline = target)", 1.0, AtMost: true),
        new("notifier_idle_rss", "notifier: idle RSS ≤ 80 MB (baseline = target)", 1.0, AtMost: true),
        new("bus_share_of_embedding_round_trip", "the bus's share of an embedding round trip < 5 % (baseline = target)", 1.0, AtMost: true),
    ];

    public static async Task<bool> RunAsync(string outputDirectory)
    {
        var loadBefore = Uptime();
        var results = new List<BenchmarkResult>();
        await using var fleet = await BenchFleet.StartAsync();
        try
        {
            AddIdleRows(results, fleet.Idle);

            var uploads = await UploadPathBenchmark.RunAsync(fleet);
            var p50 = UploadPathBenchmark.Percentile(uploads, 0.5);
            var p99 = UploadPathBenchmark.Percentile(uploads, 0.99);
            results.Add(BenchmarkResult.Against("upload_path_1000_files_throughput", uploads.FilesPerSecond, "files/s", uploads.FilesPerSecond));
            results.Add(BenchmarkResult.Against("upload_path_latency_p50", p50, "ms", p50));
            results.Add(BenchmarkResult.Against("upload_path_latency_p99", p99, "ms", p50));
            Console.WriteLine($"upload path: {UploadPathBenchmark.Uploads} files in {uploads.Span.TotalSeconds:0.0} s, {uploads.FilesPerSecond:0.0} files/s, p50 {p50:0} ms, p99 {p99:0} ms, {uploads.WebhookRequests} webhook POSTs, {uploads.Pending} pending after");

            await using var model = EmbeddingModel.Create();
            var chunksPerSecond = await ModelBenchmark.ChunksPerSecondAsync(model);
            results.Add(BenchmarkResult.Against("model_chunks_per_second_batch_32", chunksPerSecond, "chunks/s", uploads.FilesPerSecond));
            var (roundTrip, modelTime) = await ModelBenchmark.RoundTripAsync(fleet, model);
            var share = 100 * (roundTrip - modelTime) / roundTrip;
            results.Add(BenchmarkResult.Against("embedding_round_trip_p50", roundTrip, "ms", modelTime));
            results.Add(BenchmarkResult.Against("model_one_chunk_p50", modelTime, "ms", roundTrip));
            results.Add(BenchmarkResult.Against("bus_share_of_embedding_round_trip", share, "%", BusShareTargetPercent));
            Console.WriteLine($"model: {chunksPerSecond:0.0} chunks/s in batches of {ModelBenchmark.BatchSize}; one chunk: round trip p50 {roundTrip:0.00} ms, model p50 {modelTime:0.00} ms, bus share {share:0.00} %");
        }
        catch
        {
            fleet.Fail();
            throw;
        }

        var environment = string.Create(CultureInfo.InvariantCulture, $"""
            redis-server on 127.0.0.1, {Environment.ProcessorCount} cores, .NET {Environment.Version}. Machine load (`uptime`) before: {loadBefore}; after: {Uptime()}. Other work on the machine makes every figure here noisy: compare runs on an idle machine.

            Fleet: the built services as separate processes (`dotnet services/<name>/bin/Release/net10.0/Fleet.<Name>.dll`, default options, no telemetry export): file-processor ×2, embedding-generator ×2, notifier ×1, each with its own instance name and HTTP port; the webhook receiver (Kestrel) and the driver run in the benchmark process.

            Idle rows: each replica started alone; start-to-ready is from just before the process is started to the first 200 of `GET /health/ready` (polled every 10 ms; /health/live is polled first). Idle RSS is /proc/<pid>/status VmRSS once ready and no longer growing: read every 1 s until a read is not above the one before (at most 20 reads). For the two-replica services the worse replica is reported. embedding-generator's rows include its model (ready means the model is loaded) and have no target; their baselines are the targets of the other services, for reference.

            Upload path: one user whose preferences are webhook; {UploadPathBenchmark.Uploads} uploads of {UploadPathBenchmark.TextCharacters} characters of distinct text each (one chunk), each written to `<StorageRoot>/<user>/<fileId>-<name>` and published as file.uploaded, after {UploadPathBenchmark.WarmupUploads} untimed ones. Closed loop: {UploadPathBenchmark.InFlight} uploads in flight (the two file-processor replicas' default Concurrency 2 each), the next published when the webhook receiver gets a delivery, so the latency is the path's and not a queue's. Latency = notification.delivered's envelope timestamp - file.uploaded's, matched by the causation chain read from the streams (delivered → notification.requested → file.uploaded); files/s = uploads / (last delivered - first uploaded). Checked after: every upload has its delivered event, the receiver got {UploadPathBenchmark.Uploads} distinct deliveries, nothing is pending in any group. Baselines: throughput against itself; p99 against p50.

            Model: embedding-generator's IEmbeddingGenerator (all-MiniLM-L6-v2, ONNX on the CPU) built in this process by the service's own registration; {ModelBenchmark.Batches} batches of {ModelBenchmark.BatchSize} chunks of ~{ModelBenchmark.ChunkCharacters} characters after one untimed batch (baseline: the upload path's files/s, one shorter chunk per file). Bus share: {ModelBenchmark.RoundTrips} times (after {ModelBenchmark.WarmupRoundTrips} untimed), one ~{ModelBenchmark.ChunkCharacters}-character chunk is put in its chunk hash and requested through the fleet (embedding.generation.requested on ai.events → embedding.generation.completed, the driver's IEventRequester), then the same chunk is embedded by the model in this process; the two alternate so both see the same load. Share = (median round trip - median model time) / median round trip: the publish, the stream hops and consumer dispatch, embedding-generator's chunk read and vector write in Redis, and the response read.
            """);
        return await ResultWriter.WriteAsync(outputDirectory, "fleet", "Fleet benchmarks (issue 8: the services as processes)", results, Targets, environment);
    }

    private static void AddIdleRows(List<BenchmarkResult> results, IReadOnlyList<IdleFigures> idle)
    {
        foreach (var service in new[] { ServiceBinaries.FileProcessor, ServiceBinaries.Notifier })
        {
            var replicas = idle.Where(f => f.Service == service).ToList();
            var name = service.Replace('-', '_');
            results.Add(BenchmarkResult.Against(name + "_start_to_ready", replicas.Max(f => f.Ready.TotalSeconds), "s", ReadyTargetSeconds));
            results.Add(BenchmarkResult.Against(name + "_idle_rss", replicas.Max(f => f.RssMegabytes), "MB", RssTargetMegabytes));
        }

        var embedding = idle.Where(f => f.Service == ServiceBinaries.EmbeddingGenerator).ToList();
        results.Add(BenchmarkResult.Against("embedding_generator_start_to_live", embedding.Max(f => f.Live.TotalSeconds), "s", ReadyTargetSeconds));
        results.Add(BenchmarkResult.Against("embedding_generator_start_to_ready_with_model", embedding.Max(f => f.Ready.TotalSeconds), "s", ReadyTargetSeconds));
        results.Add(BenchmarkResult.Against("embedding_generator_idle_rss_with_model", embedding.Max(f => f.RssMegabytes), "MB", RssTargetMegabytes));
    }

    /// <summary><c>uptime</c>'s line (load averages), or /proc/loadavg where the command is missing.</summary>
    private static string Uptime()
    {
        try
        {
            using var uptime = Process.Start(new ProcessStartInfo("uptime") { RedirectStandardOutput = true, UseShellExecute = false })!;
            var line = uptime.StandardOutput.ReadToEnd().Trim();
            uptime.WaitForExit();
            return line;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "load " + File.ReadAllText("/proc/loadavg").Trim();
        }
    }
}
