using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fleet.Benchmarks.Archive;
using Fleet.Benchmarks.Market;
using Fleet.EventGateway.Archive;
using Npgsql;
using NUlid;

namespace Fleet.Benchmarks.Gateway;

/// <summary>
/// GET /events?correlationId= through the gateway as a process on an archive of <see cref="Rows"/> events: the archive is
/// filled by the archive's bulk writer (binary COPY), <see cref="PerConversation"/> events per correlation id; wrk asks
/// for random correlation ids of the archive, first with <see cref="LatencyConnections"/> keep-alive connections until a
/// run's CPU steal (the host's) is low, at most <see cref="QuietRuns.MaxRuns"/> times (one request in flight per core: the latency of the query path), then with
/// <see cref="Connections"/> (the machine saturated: the most answers per second, and the latency that queueing behind
/// each other on two cores adds); each run with the CPU steal of the host over it.
/// </summary>
internal static class QueryBenchmark
{
    public const int Rows = 1_000_000;
    public const int PerConversation = 10;
    public const int Connections = 8;
    public const int LatencyConnections = 2;
    public const int Threads = 2;
    public const int IdsInScript = 2_000;
    public static readonly TimeSpan Warmup = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan LatencyDuration = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(20);
    private const int Chunk = 100_000;

    public static async Task<QueryFigures> RunAsync()
    {
        await using var bench = await GatewayBenchRun.StartAsync();
        try
        {
            await bench.StartGatewayAsync(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Archive__ArchiverEnabled"] = "false" });
            var (correlationIds, fill) = await FillAsync(bench.Database);
            Console.WriteLine($"archive: {Rows:N0} events written in {fill.TotalSeconds:0.0} s");

            using var http = new HttpClient { BaseAddress = new Uri(bench.Url) };
            http.DefaultRequestHeaders.Add("X-Api-Key", GatewayBenchRun.ReadKey);
            var sample = await http.GetFromJsonAsync<JsonElement>($"/events?correlationId={correlationIds[0]}");
            var answered = sample.GetProperty("events").GetArrayLength();
            if (answered != PerConversation)
            {
                throw new InvalidOperationException($"GET /events?correlationId={correlationIds[0]} answered {answered} events, not {PerConversation}.");
            }

            var script = Path.Combine(bench.Run.LogDirectory, "query.lua");
            await File.WriteAllTextAsync(script, Script(correlationIds.Take(IdsInScript)));
            var url = bench.Url + "/events";
            await Wrk.RunAsync(url, script, Connections, Threads, Warmup);
            var latency = await QuietRuns.UntilQuietAsync("query latency", _ => RunWrkAsync(url, script, LatencyConnections, LatencyDuration));

            var gatewayCpu0 = CpuTime.OfProcess(bench.Run.Replicas[0].ProcessId);
            var saturated = await QuietRuns.MeasureAsync(() => RunWrkAsync(url, script, Connections, Duration));
            var gatewayCpu1 = CpuTime.OfProcess(bench.Run.Replicas[0].ProcessId);
            return new QueryFigures(latency, LatencyDuration, saturated, Rows, fill, answered, Duration, gatewayCpu1 - gatewayCpu0);
        }
        catch
        {
            bench.Run.Fail();
            throw;
        }
    }

    /// <summary>One measured wrk run, its report printed.</summary>
    private static async Task<WrkFigures> RunWrkAsync(string url, string script, int connections, TimeSpan duration)
    {
        var (figures, output) = await Wrk.RunAsync(url, script, connections, Threads, duration);
        Console.WriteLine(output);
        return figures;
    }

    /// <summary>Writes the rows in chunks (each one COPY in one transaction); returns the correlation ids, shuffled.</summary>
    private static async Task<(List<string> CorrelationIds, TimeSpan Took)> FillAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var writer = new ArchiveBulkWriter(dataSource);
        var data = JsonDocument.Parse("""{"file_id":"01JBENCH0000000000000000AA","user_id":"bench-user","file_name":"report.pdf","size_bytes":1024}""").RootElement;
        var streams = new[] { "contextual.events", "ai.events", "notification.events" };
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var correlationIds = new List<string>(Rows / PerConversation);
        var started = TimeProvider.System.GetTimestamp();
        for (var written = 0; written < Rows; written += Chunk)
        {
            var rows = new List<ArchivedEvent>(Chunk);
            for (var i = written; i < written + Chunk; i++)
            {
                // Conversations interleave in time, as a busy fleet's do: event i belongs to conversation i % conversations.
                var conversation = i % (Rows / PerConversation);
                var timestamp = start.AddMilliseconds(i * 3);
                if (i < Rows / PerConversation)
                {
                    correlationIds.Add(Ulid.NewUlid(start.AddMilliseconds(conversation)).ToString());
                }

                rows.Add(new ArchivedEvent
                {
                    Id = Ulid.NewUlid(timestamp).ToString(),
                    Type = "file.processed",
                    Version = 1,
                    Timestamp = timestamp,
                    CorrelationId = correlationIds[conversation],
                    UserId = "bench-user",
                    Stream = streams[i % streams.Length],
                    EntryId = string.Create(CultureInfo.InvariantCulture, $"{timestamp.ToUnixTimeMilliseconds()}-{i % 3}"),
                    Kind = ArchiveKind.Event,
                    Data = data,
                    ArchivedAt = timestamp.AddMilliseconds(5),
                });
            }

            await writer.WriteAsync(rows, CancellationToken.None);
        }

        await ArchiveMaintenance.SettleAsync(dataSource);
        var took = TimeProvider.System.GetElapsedTime(started);
        Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(correlationIds));
        return (correlationIds, took);
    }

    /// <summary>wrk's Lua: each request a random correlation id of the archive, with the read-only key.</summary>
    private static string Script(IEnumerable<string> correlationIds)
    {
        var script = new StringBuilder();
        script.AppendLine(CultureInfo.InvariantCulture, $"wrk.headers[\"X-Api-Key\"] = \"{GatewayBenchRun.ReadKey}\"");
        script.AppendLine("ids = {" + string.Join(",", correlationIds.Select(id => $"\"{id}\"")) + "}");
        script.AppendLine("request = function()");
        script.AppendLine("  return wrk.format(\"GET\", \"/events?correlationId=\" .. ids[math.random(#ids)])");
        script.AppendLine("end");
        return script.ToString();
    }
}
