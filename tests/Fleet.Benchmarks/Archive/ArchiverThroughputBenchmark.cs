using System.Diagnostics;
using System.Text.Json;
using Fleet.Contracts;
using Fleet.EventGateway.Archive;
using Fleet.Events;
using Fleet.Redis;
using Fleet.Testing;
using Fleet.Testing.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NUlid;

namespace Fleet.Benchmarks.Archive;

/// <summary>
/// The archiver's throughput: <see cref="Events"/> envelopes pre-filled on contextual.events, then the archive registered
/// as the gateway registers it (AddEventArchive: migrations, the archiver) in a Generic Host; events/s from its first
/// acknowledged entry to its last (the group's entries-read counter and pending count, sampled every few ms).
/// </summary>
internal static class ArchiverThroughputBenchmark
{
    public const int Events = 200_000;

    private const int FillBatch = 2_000;

    public static async Task<(double PerSecond, TimeSpan Window, long Archived)> RunAsync(RedisServer server, PostgresServer postgres)
    {
        var connectionString = await postgres.CreateDatabaseAsync("archiver_bench");
        await using var redis = await RedisClient.ConnectAsync(server.Url);
        var keys = new StreamKeys();
        var key = keys.Stream(FleetStreams.Contextual);
        await FillAsync(redis, key);

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Archive"] = connectionString,
            ["Archive:Streams:0"] = FleetStreams.Contextual,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(redis);
        builder.Services.AddFleetEvents(o => o.InstanceName = "archiver-bench").UseRedis(redis).AddFleetContracts();
        builder.Services.AddEventArchive(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();

        // From the first acknowledged entry (start-up and migrations excluded) to the last.
        long firstDone = 0;
        var first = 0L;
        while (true)
        {
            var done = await DoneAsync(redis, key);
            if (done > 0 && first == 0)
            {
                first = Stopwatch.GetTimestamp();
                firstDone = done;
            }

            if (done >= Events)
            {
                break;
            }

            await Task.Delay(5);
        }

        var window = Stopwatch.GetElapsedTime(first);
        await host.StopAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM archived_events");
        var archived = (long)(await count.ExecuteScalarAsync())!;
        return ((Events - firstDone) / window.TotalSeconds, window, archived);
    }

    /// <summary>Entries the archiver group has read and acknowledged (entries-read minus pending).</summary>
    private static async Task<long> DoneAsync(RedisClient redis, string key)
    {
        foreach (var group in await redis.XInfoGroupsAsync(key))
        {
            if (group.Name == Archiver.Group)
            {
                return (group.EntriesRead ?? 0) - group.Pending;
            }
        }

        return 0;
    }

    private static async Task FillAsync(RedisClient redis, string key)
    {
        var correlation = Ulid.NewUlid();
        for (var start = 0; start < Events; start += FillBatch)
        {
            var batch = new List<IReadOnlyList<StreamField>>(FillBatch);
            for (var i = start; i < Math.Min(Events, start + FillBatch); i++)
            {
                if (i % 10 == 0)
                {
                    correlation = Ulid.NewUlid();
                }

                var id = Ulid.NewUlid();
                var data = new FileUploaded(id.ToString(), "user-" + (i % 100), "report-" + i + ".pdf", 1024 + i, "application/pdf", "s3://bucket/uploads/" + id);
                batch.Add(EnvelopeCodec.Encode(new EventEnvelope
                {
                    Id = id,
                    Type = "file.uploaded",
                    Version = 1,
                    Timestamp = DateTimeOffset.UtcNow,
                    CorrelationId = correlation,
                    UserId = "user-" + (i % 100),
                    Data = JsonSerializer.SerializeToUtf8Bytes(data, FleetContractsJsonContext.Default.FileUploaded),
                    TraceParent = "00-" + Convert.ToHexStringLower(id.ToByteArray()) + "-0123456789abcdef-01",
                }));
            }

            await redis.XAddBatchAsync(key, batch);
        }
    }
}
