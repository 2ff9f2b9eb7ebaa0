using System.Text.Json;
using Fleet.Benchmarks.Redis;
using Fleet.EventGateway.Archive;
using Fleet.Testing.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NUlid;

namespace Fleet.Benchmarks.Archive;

/// <summary>
/// <c>GET /events?correlationId=</c>'s query on a full archive: <see cref="Rows"/> events (conversations of
/// <see cref="ConversationSize"/> across three streams) written with the bulk writer, vacuumed, analysed and
/// checkpointed, then <see cref="PostgresEventArchive.QueryAsync"/> on the gateway's data source
/// (<see cref="ArchiveDataSource"/>) by correlation id, one at a time, for random conversations: <see cref="Queries"/>
/// per run, repeated until a run's CPU steal (the host's) is low (<see cref="QuietRuns"/>).
/// </summary>
internal static class ArchiveQueryBenchmark
{
    public const int Rows = 1_000_000;
    public const int ConversationSize = 10;
    public const int Queries = 2_000;
    public const int ServerQueries = 500;

    private const int Chunk = 50_000;
    private static readonly string[] Streams = ["contextual.events", "ai.events", "notification.events"];
    private static readonly string[] Types = ["file.uploaded", "embedding.generation.requested", "notification.requested"];

    public static async Task<ArchiveQueryFigures> RunAsync(PostgresServer postgres)
    {
        var connectionString = await postgres.CreateDatabaseAsync("archive_query_bench");
        await using var dataSource = ArchiveDataSource.Create(connectionString);
        await new ArchiveMigrator(dataSource, TimeProvider.System, NullLogger<ArchiveMigrator>.Instance).MigrateAsync(CancellationToken.None);

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var writer = new ArchiveBulkWriter(dataSource);
        var correlations = new string[Rows / ConversationSize];
        var data = JsonDocument.Parse("""{"fileId":"01JDQ3F7ZC9X1E6B2N5M8K4T0A","userId":"user-42","fileName":"quarterly-report.pdf","sizeBytes":482133,"contentType":"application/pdf","location":"s3://bucket/uploads/01JDQ3F7ZC9X1E6B2N5M8K4T0A"}""").RootElement;
        var time = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var start = 0; start < Rows; start += Chunk)
        {
            var rows = new List<ArchivedEvent>(Chunk);
            for (var i = start; i < start + Chunk; i++)
            {
                if (i % ConversationSize == 0)
                {
                    correlations[i / ConversationSize] = Ulid.NewUlid(time).ToString();
                }

                time = time.AddMilliseconds(3);
                rows.Add(new ArchivedEvent
                {
                    Id = Ulid.NewUlid(time).ToString(),
                    Type = Types[i % Types.Length],
                    Version = 1,
                    Timestamp = time,
                    CorrelationId = correlations[i / ConversationSize],
                    UserId = "user-" + (i % 1000),
                    Stream = Streams[i % Streams.Length],
                    EntryId = time.ToUnixTimeMilliseconds() + "-0",
                    Kind = ArchiveKind.Event,
                    Data = data,
                    ArchivedAt = time,
                });
            }

            await writer.WriteAsync(rows, CancellationToken.None);
        }

        await ArchiveMaintenance.SettleAsync(dataSource);
        var fill = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var archive = new PostgresEventArchive(dataSource);
        var random = new Random(7);
        var runs = await QuietRuns.UntilQuietAsync("archive query", async number =>
        {
            var samples = await LatencyRecorder.MeasureAsync(number == 1 ? 200 : 0, Queries, async () =>
            {
                var page = await archive.QueryAsync(new ArchiveQuery { CorrelationId = correlations[random.Next(correlations.Length)], Limit = 100 }, CancellationToken.None);
                if (page.Events.Count != ConversationSize)
                {
                    throw new InvalidOperationException($"A conversation of {ConversationSize} events came back with {page.Events.Count}.");
                }
            });
            return new ArchiveQueryRun(LatencyRecorder.Percentile(samples, 0.50), LatencyRecorder.Percentile(samples, 0.99));
        });
        var server = await ServerTimesAsync(dataSource, correlations, random);
        return new ArchiveQueryFigures(runs, LatencyRecorder.Percentile(server, 0.50), LatencyRecorder.Percentile(server, 0.99), fill);
    }

    /// <summary>
    /// The same query's execution time inside PostgreSQL (EXPLAIN ANALYZE's "Execution Time"), for <see cref="ServerQueries"/>
    /// random conversations: what the index costs, apart from the client, the network and the machine's scheduling.
    /// </summary>
    private static async Task<double[]> ServerTimesAsync(NpgsqlDataSource dataSource, string[] correlations, Random random)
    {
        var samples = new double[ServerQueries];
        for (var i = 0; i < samples.Length; i++)
        {
            await using var command = dataSource.CreateCommand(
                "EXPLAIN (ANALYZE, FORMAT JSON) SELECT id, type, version, \"timestamp\", correlation_id, causation_id, user_id, stream, entry_id, data, metadata, traceparent, archived_at "
                + "FROM archived_events WHERE correlation_id = @c ORDER BY \"timestamp\", id LIMIT 101");
            command.Parameters.AddWithValue("c", correlations[random.Next(correlations.Length)]);
            var plan = (string)(await command.ExecuteScalarAsync())!;
            using var document = JsonDocument.Parse(plan);
            samples[i] = document.RootElement[0].GetProperty("Execution Time").GetDouble();
        }

        Array.Sort(samples);
        return samples;
    }
}
