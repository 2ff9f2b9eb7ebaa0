using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Fleet.Testing;

namespace Fleet.Redis.Tests.Metrics;

/// <summary>
/// The Fleet.Redis meter as a collector sees it. The listener hears every client in the test process, so exact
/// counts use commands no other test sends (LASTSAVE, ZINCRBY with a bad increment, DBSIZE timing out, TIME not sent).
/// </summary>
public sealed class FleetRedisMetricsIntegrationTests : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)> _measurements = new();

    public FleetRedisMetricsIntegrationTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Fleet.Redis")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Commands_CountedByNameErrorsByKindBytesAndInFlight()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        await using var client = await RedisClient.ConnectAsync(RedisClientOptions.Parse(server.Url) with { CommandTimeout = TimeSpan.FromMilliseconds(300) }, Cancel);
        await using var pauser = await RedisClient.ConnectAsync(server.Url, Cancel);
        var writtenBefore = Sum("fleet.redis.bytes.written");
        var readBefore = Sum("fleet.redis.bytes.read");

        for (var i = 0; i < 3; i++)
        {
            await client.ExecuteAsync("LASTSAVE");
        }

        await Assert.ThrowsAsync<RedisServerException>(async () => await client.ExecuteAsync("ZINCRBY", TestKeys.Unique(), "not-a-number", "member"));
        await pauser.ExecuteAsync("CLIENT", "PAUSE", "5000", "ALL");
        var paused = client.ExecuteAsync("DBSIZE").AsTask();
        _listener.RecordObservableInstruments();
        var inFlight = Last("fleet.redis.commands.in_flight");
        await Assert.ThrowsAsync<RedisTimeoutException>(() => paused);
        await pauser.ExecuteAsync("CLIENT", "UNPAUSE");

        Assert.Equal(3, Sum("fleet.redis.commands", ("db.operation.name", "LASTSAVE")));
        Assert.Equal(1, Sum("fleet.redis.command.errors", ("db.operation.name", "ZINCRBY"), ("error.type", "server")));
        Assert.Equal(1, Sum("fleet.redis.command.errors", ("db.operation.name", "DBSIZE"), ("error.type", "timeout")));
        Assert.Equal(0, Sum("fleet.redis.command.errors", ("db.operation.name", "LASTSAVE")));
        Assert.True(inFlight >= 1, $"in flight while the server was paused: {inFlight}");
        // At least the five commands' own bytes went out and their replies came back ("*1\r\n$8\r\nLASTSAVE\r\n" alone is 18).
        Assert.True(Sum("fleet.redis.bytes.written") - writtenBefore >= 3 * 18);
        Assert.True(Sum("fleet.redis.bytes.read") - readBefore >= 3 * 4);
    }

    [Fact]
    public async Task ServerRestarted_ReconnectsFailedAttemptsUnsentCommandsAndHandlerErrorsAreCounted()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        var options = TestClients.FastReconnect(server.Url) with { ReconnectWaitTimeout = TimeSpan.FromMilliseconds(200) };
        await using var client = await RedisClient.ConnectAsync(options, Cancel);
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ConnectionFailed += (_, _) => throw new InvalidOperationException("counted, not propagated");
        client.ConnectionRestored += (_, _) => restored.TrySetResult();
        var reconnectsBefore = Sum("fleet.redis.reconnects");
        var failuresBefore = Sum("fleet.redis.reconnect.failures", ("error.type", "connection"));
        var handlerErrorsBefore = Sum("fleet.redis.event_handler.errors", ("event", "ConnectionFailed"));

        await server.KillAsync();
        await Eventually.TrueAsync(() => !client.IsConnected, "the client noticed the server is gone");
        await Assert.ThrowsAsync<RedisConnectionException>(async () => await client.ExecuteAsync("TIME"));
        await Eventually.TrueAsync(() => Sum("fleet.redis.reconnect.failures", ("error.type", "connection")) > failuresBefore, "a failed attempt was counted");
        await server.RestartAsync(Cancel);
        await restored.Task.WaitAsync(Eventually.DefaultLimit, Cancel); // a hang guard, not a time limit

        Assert.Equal(1, Sum("fleet.redis.command.errors", ("db.operation.name", "TIME"), ("error.type", "connection")));
        Assert.True(Sum("fleet.redis.reconnects") > reconnectsBefore);
        Assert.True(Sum("fleet.redis.event_handler.errors", ("event", "ConnectionFailed")) > handlerErrorsBefore);
    }

    [Fact]
    public async Task BlockingRead_CountsALeaseAndTheCommand()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        await using var client = await RedisClient.ConnectAsync(server.Url, Cancel);
        var leasesBefore = Sum("fleet.redis.blocking.leases");
        var readsBefore = Sum("fleet.redis.commands", ("db.operation.name", "XREAD"));

        await client.ExecuteBlockingAsync("XREAD", ["BLOCK", "1", "STREAMS", TestKeys.Unique(), "$"], TimeSpan.FromMilliseconds(1), Cancel);

        Assert.True(Sum("fleet.redis.blocking.leases") > leasesBefore);
        Assert.True(Sum("fleet.redis.commands", ("db.operation.name", "XREAD")) > readsBefore);
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Enqueue((instrument.Name, value, copy));
    }

    private long Sum(string instrument, params (string Key, string Value)[] tags) =>
        _measurements.Where(m => m.Instrument == instrument && tags.All(t => Equals(m.Tags.GetValueOrDefault(t.Key), t.Value))).Sum(m => m.Value);

    private long Last(string instrument) => _measurements.Where(m => m.Instrument == instrument).Select(m => m.Value).LastOrDefault();
}
