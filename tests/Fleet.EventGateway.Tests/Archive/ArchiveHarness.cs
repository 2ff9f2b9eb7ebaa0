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

namespace Fleet.EventGateway.Tests.Archive;

/// <summary>
/// One test's corner of the shared servers: a key prefix of its own on redis-server, a database of its own on PostgreSQL,
/// and archive hosts built as AddEventArchive registers the archive (the archiver, the migrations, the queries) in a
/// Generic Host, with the test's settings.
/// </summary>
internal sealed class ArchiveHarness : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];

    private ArchiveHarness(RedisClient redis, string prefix, string connectionString)
    {
        Redis = redis;
        Prefix = prefix;
        ConnectionString = connectionString;
        Keys = new StreamKeys(prefix);
        // Unpooled: a pooled connection would be dead after the test that restarts PostgreSQL.
        DataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false });
    }

    public RedisClient Redis { get; }

    public string Prefix { get; }

    public string ConnectionString { get; }

    public StreamKeys Keys { get; }

    /// <summary>The test's own view of the database (not the host's), unpooled.</summary>
    public NpgsqlDataSource DataSource { get; }

    public static async Task<ArchiveHarness> StartAsync(RedisServerFixture redis, PostgresServerFixture postgres) =>
        new(
            await RedisClient.ConnectAsync(redis.Server.Url, TestContext.Current.CancellationToken),
            "archive-test-" + Guid.NewGuid().ToString("N")[..12] + ":",
            await postgres.Server.CreateDatabaseAsync("archive", TestContext.Current.CancellationToken));

    /// <summary>Builds (not starts) an archive host as instance <paramref name="instance"/>; <paramref name="settings"/> override the quick defaults.</summary>
    public IHost Build(string instance = "archiver-1", IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Archive"] = ConnectionString,
            ["Archive:ReadBlock"] = "00:00:00.050",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(Redis);
        builder.Services.AddFleetEvents(o =>
            {
                o.KeyPrefix = Prefix;
                o.InstanceName = instance;
            })
            .UseRedis(Redis)
            .AddFleetContracts();
        builder.Services.AddEventArchive(builder.Configuration);
        var host = builder.Build();
        _hosts.Add(host);
        return host;
    }

    /// <summary>Builds and starts an archive host, and waits until its schema is migrated and its archiver has read once (its groups exist).</summary>
    public async Task<IHost> StartHostAsync(string instance = "archiver-1", IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = Build(instance, settings);
        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.Services.GetRequiredService<ArchiveSchema>().WaitAsync(TestContext.Current.CancellationToken);
        var status = host.Services.GetRequiredService<ArchiverStatus>();
        await Eventually.TrueAsync(() => status.Turns > 0, "the archiver has read once");
        return host;
    }

    /// <summary>An envelope of <c>file.uploaded</c> with a new id, as a producer writes it.</summary>
    public static (string Id, StreamField[] Fields) Envelope(string type = "file.uploaded", string? correlationId = null, string? userId = null, DateTimeOffset? timestamp = null)
    {
        var id = Ulid.NewUlid();
        var fields = EnvelopeCodec.Encode(new EventEnvelope
        {
            Id = id,
            Type = type,
            Version = 1,
            Timestamp = timestamp ?? DateTimeOffset.UtcNow,
            CorrelationId = correlationId is null ? null : Ulid.Parse(correlationId),
            UserId = userId,
            Data = JsonSerializer.SerializeToUtf8Bytes(new { fileId = id.ToString(), name = "a.txt" }),
            Metadata = new Dictionary<string, string> { ["source"] = "test" },
        });
        return (id.ToString(), fields);
    }

    /// <summary>XADDs <paramref name="fields"/> to <paramref name="key"/>.</summary>
    public async Task<RedisStreamId> AddAsync(string key, IReadOnlyList<StreamField> fields) =>
        (await Redis.XAddAsync(key, fields, cancellationToken: TestContext.Current.CancellationToken))!.Value;

    /// <summary>XADDs a dead letter of <paramref name="original"/> with the fields DeadLetterWriter appends.</summary>
    public Task<RedisStreamId> AddDeadLetterAsync(string key, string stream, IReadOnlyList<StreamField> original, string errorType, params StreamField[] extra) =>
        AddAsync(key,
        [
            .. original,
            new(DeadLetterFields.SourceStream, stream),
            new(DeadLetterFields.EntryId, "1700000000000-7"),
            new(DeadLetterFields.Group, "worker"),
            new(DeadLetterFields.Consumer, "worker-1"),
            new(DeadLetterFields.DeliveryCount, 5),
            new(DeadLetterFields.ErrorType, errorType),
            new(DeadLetterFields.ErrorMessage, "it failed: " + errorType),
            new(DeadLetterFields.Exception, "System.InvalidOperationException"),
            new(DeadLetterFields.FailedAt, EnvelopeCodec.FormatTimestamp(DateTimeOffset.UtcNow)),
            .. extra,
        ]);

    public async Task<long> ScalarAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task<long> EventCountAsync() => ScalarAsync("SELECT count(*) FROM archived_events");

    public Task<long> EntryCountAsync(string kind) => ScalarAsync($"SELECT count(*) FROM archived_entries WHERE kind = '{kind}'");

    /// <summary>Entries of the archiver group pending on every key of <paramref name="streams"/> (stream, :dlq, :parked).</summary>
    public async Task<long> PendingAsync(params string[] streams)
    {
        var pending = 0L;
        foreach (var stream in streams)
        {
            foreach (var key in (string[])[Keys.Stream(stream), Keys.DeadLetters(stream), Keys.Parked(stream)])
            {
                if (await Redis.ExistsAsync(key, TestContext.Current.CancellationToken))
                {
                    pending += (await Redis.XPendingAsync(key, Archiver.Group, TestContext.Current.CancellationToken)).Count;
                }
            }
        }

        return pending;
    }

    /// <summary>Waits until <paramref name="count"/> events are archived and nothing is pending on <paramref name="streams"/>.</summary>
    public Task WaitArchivedAsync(long count, params string[] streams) =>
        Eventually.TrueAsync(async () => await EventCountAsync() >= count && await PendingAsync(streams) == 0, $"{count} event(s) archived and nothing pending");

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            try
            {
                await host.StopAsync(CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                // Stopped already.
            }

            host.Dispose();
        }

        await DataSource.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
