using System.Collections.Concurrent;
using System.Text.Json;
using Fleet.Events.Outbox;
using Fleet.Redis;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Events.Tests.Publishing;

/// <summary>
/// Publishing while Redis is down (DESIGN.md section 6), against a redis-server of each test's own that the test
/// stops and restarts: the outbox spools and replays in order, refuses when full, and FailFast throws.
/// </summary>
public sealed partial class OutboxIntegrationTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fleet-outbox-tests", Guid.NewGuid().ToString("N"));
    private readonly List<IHost> _hosts = [];
    private readonly List<RedisClient> _clients = [];
    private readonly StreamKeys _keys = new();
    private readonly ConcurrentQueue<(int Id, string Message)> _logs = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PublishAsync_WhileRedisIsDown_SpoolsAndReplaysEveryEventInOrderOnceBack()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(server, PublishFailureMode.Outbox);
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        var spool = host.Services.GetRequiredService<OutboxSpool>();
        // The server stops with SHUTDOWN NOSAVE: the stream starts empty again after the restart.
        await server.StopAsync();
        var ids = new List<Ulid>();
        for (var i = 0; i < 200; i++)
        {
            var result = await publisher.PublishAsync(stream, new OrderPlaced($"o-{i}", 1), cancellationToken: Cancel);
            Assert.True(result.IsSpooled, $"event {i} was not spooled");
            ids.Add(result.EventId);
        }

        Assert.Equal(200, spool.Count);
        await server.RestartAsync(Cancel);

        // Published while the replay may still run: it must land after the spooled events, never between them.
        var after = await publisher.PublishAsync(stream, new OrderPlaced("after", 1), cancellationToken: Cancel);
        ids.Add(after.EventId);

        var reader = await ConnectAsync(server);
        await Eventually.TrueAsync(async () => await reader.XLenAsync(_keys.Stream(stream), Cancel) >= 201, "every spooled event reached the stream");
        var envelopes = (await ReadAllAsync(reader, stream)).Select(e => EnvelopeCodec.Decode(e.Fields)).ToList();
        Assert.Equal(ids, envelopes.Select(e => e.Id));
        Assert.Equal(
            Enumerable.Range(0, 200).Select(i => $"o-{i}").Append("after"),
            envelopes.Select(e => JsonSerializer.Deserialize(e.Data.Span, TestEventsJsonContext.Default.OrderPlaced)!.OrderId));
        await Eventually.TrueAsync(() => spool.IsEmpty, "the outbox is empty");

        // One warning for the outage, not one per spooled event; one record when the replay is done.
        await Eventually.TrueAsync(() => _logs.Any(l => l.Id == 2001), "the replay was logged");
        Assert.Equal(1, _logs.Count(l => l.Id == 2000));
    }

    [Fact]
    public async Task PublishAsync_OutboxFull_ThrowsOutboxFullAndKeepsWhatWasSpooled()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(server, PublishFailureMode.Outbox, o => o.Outbox.MaxEvents = 5);
        var publisher = host.Services.GetRequiredService<IEventPublisher>();

        var spool = host.Services.GetRequiredService<OutboxSpool>();

        await server.StopAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await publisher.PublishAsync(stream, new OrderPlaced($"o-{i}", 1), cancellationToken: Cancel)).IsSpooled);
        }

        // A batch that does not fit is refused whole; one that fits is spooled whole.
        await Assert.ThrowsAsync<OutboxFullException>(
            () => publisher.PublishBatchAsync(stream, [new OrderPlaced("b-0", 1), new OrderPlaced("b-1", 1), new OrderPlaced("b-2", 1)], cancellationToken: Cancel).AsTask());
        Assert.Equal(3, spool.Count);
        var batch = await publisher.PublishBatchAsync(stream, [new OrderPlaced("o-3", 1), new OrderPlaced("o-4", 1)], cancellationToken: Cancel);
        Assert.All(batch, r => Assert.True(r.IsSpooled));

        var error = await Assert.ThrowsAsync<OutboxFullException>(
            () => publisher.PublishAsync(stream, new OrderPlaced("o-5", 1), cancellationToken: Cancel).AsTask());

        Assert.Equal(nameof(OutboxOptions.MaxEvents), error.LimitName);
        Assert.Equal(5, spool.Count);
    }

    [Fact]
    public async Task PublishAsync_FailFastWhileRedisIsDown_ThrowsUnreachableAndStoresNothing()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(server, PublishFailureMode.FailFast);
        var publisher = host.Services.GetRequiredService<IEventPublisher>();

        await server.StopAsync();
        var error = await Assert.ThrowsAsync<FleetEventsException>(
            () => publisher.PublishAsync(stream, new OrderPlaced("o-1", 1), cancellationToken: Cancel).AsTask());

        Assert.StartsWith("Redis is unreachable; event ", error.Message, StringComparison.Ordinal);
        Assert.Contains("'order.placed' was not published", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
        Assert.True(host.Services.GetRequiredService<OutboxSpool>().IsEmpty);
        Assert.False(Directory.Exists(_directory), "FailFast created the outbox directory");
    }

    [Fact]
    public async Task StartAsync_OutboxLeftByAStoppedHost_ReplaysItInOrder()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        var stream = TestStreams.Unique();
        var first = await StartHostAsync(server, PublishFailureMode.Outbox);
        await server.StopAsync();
        var ids = new List<Ulid>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add((await first.Services.GetRequiredService<IEventPublisher>().PublishAsync(stream, new OrderPlaced($"o-{i}", 1), cancellationToken: Cancel)).EventId);
        }

        // The process ends with Redis still down: the events stay in the outbox's files, and one Error says so.
        await first.StopAsync(Cancel);
        var left = Assert.Single(_logs, l => l.Id == 2006).Message;
        Assert.Contains("10 event(s)", left, StringComparison.Ordinal);
        Assert.Contains(Path.GetFullPath(_directory), left, StringComparison.Ordinal);
        first.Dispose();
        _hosts.Remove(first);
        await server.RestartAsync(Cancel);

        var second = await StartHostAsync(server, PublishFailureMode.Outbox);

        var reader = await ConnectAsync(server);
        await Eventually.TrueAsync(async () => await reader.XLenAsync(_keys.Stream(stream), Cancel) >= 10, "the new host replayed the outbox");
        Assert.Equal(ids, (await ReadAllAsync(reader, stream)).Select(e => EnvelopeCodec.Decode(e.Fields).Id));
        await Eventually.TrueAsync(() => second.Services.GetRequiredService<OutboxSpool>().IsEmpty, "the outbox is empty");
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }

        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task<IHost> StartHostAsync(RedisServer server, PublishFailureMode mode, Action<FleetEventsOptions>? configure = null)
    {
        var client = await ConnectAsync(server);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddProvider(new EventIdCollector(_logs));
        builder.Services.AddFleetEvents(o =>
        {
            o.WhenUnavailable = mode;
            o.Outbox.Directory = _directory;
            o.OutboxRetryInterval = TimeSpan.FromMilliseconds(100);
            configure?.Invoke(o);
        }).AddTestEvents().UseRedis(client);
        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync(Cancel);
        return host;
    }

    /// <summary>A client that gives up on a command within 200 ms while the server is down and reconnects quickly.</summary>
    private async Task<RedisClient> ConnectAsync(RedisServer server)
    {
        var client = await RedisClient.ConnectAsync(
            RedisClientOptions.Parse(server.Url) with
            {
                ReconnectWaitTimeout = TimeSpan.FromMilliseconds(200),
                ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
            },
            Cancel);
        _clients.Add(client);
        return client;
    }

    private async Task<IReadOnlyList<StreamEntry>> ReadAllAsync(RedisClient client, string stream) =>
        await client.XReadAsync(_keys.Stream(stream), "0", 100_000, cancellationToken: Cancel);

    /// <summary>Collects the event ids and messages of Fleet.Events' log records.</summary>
    private sealed class EventIdCollector(ConcurrentQueue<(int Id, string Message)> records) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => categoryName.StartsWith("Fleet.Events", StringComparison.Ordinal) ? this : NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            records.Enqueue((eventId.Id, formatter(state, exception)));

        public void Dispose()
        {
        }
    }
}
