using Fleet.Testing;

namespace Fleet.Redis.Tests.Connections;

/// <summary>A client made while its server is down: Create connects in the background, ConnectAsync can retry for a bound.</summary>
public sealed class StartBeforeServerIntegrationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_ServerDown_ReturnsAtOnceThenConnectsWhenItStartsAndRaisesRestored()
    {
        await using var server = await StoppedServerAsync();
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await using var client = RedisClient.Create(QuickRetries(server) with { ReconnectWaitTimeout = TimeSpan.FromMinutes(1) });
        client.ConnectionRestored += (_, _) => restored.TrySetResult();
        client.ReconnectAttemptFailed += (_, _) => attempts.TrySetResult();
        var ping = client.PingAsync(Cancel).AsTask();
        await attempts.Task.WaitAsync(Cancel);

        Assert.False(client.IsConnected);
        Assert.False(ping.IsCompleted, "a command issued before the first connection waits for it");
        await server.RestartAsync(Cancel);

        Assert.Equal("PONG", await ping.WaitAsync(Cancel));
        await restored.Task.WaitAsync(Cancel);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Create_ServerStaysDown_CommandFailsAfterReconnectWaitSayingItWasNotSent()
    {
        await using var server = await StoppedServerAsync();
        await using var client = RedisClient.Create(QuickRetries(server) with { ReconnectWaitTimeout = TimeSpan.FromMilliseconds(300) });

        var error = await Assert.ThrowsAsync<RedisConnectionException>(async () => await client.PingAsync(Cancel));

        Assert.Contains("was not sent", error.Message, StringComparison.Ordinal);
        Assert.Contains(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_DisposedBeforeTheServerStarts_DisposesAndFailsWaitingCommands()
    {
        await using var server = await StoppedServerAsync();
        var client = RedisClient.Create(QuickRetries(server) with { ReconnectWaitTimeout = TimeSpan.FromMinutes(1) });
        var ping = client.PingAsync(Cancel).AsTask();

        await client.DisposeAsync();

        await Assert.ThrowsAnyAsync<ObjectDisposedException>(() => ping);
    }

    [Fact]
    public async Task ConnectAsync_RetryForAndServerStartsMeanwhile_Connects()
    {
        await using var server = await StoppedServerAsync();
        var options = QuickRetries(server);
        var attempts = 0;
        var connecting = RedisClient.ConnectAsync(options, retryFor: TimeSpan.FromMinutes(1), Cancel);
        await using (var probe = RedisClient.Create(options))
        {
            // The probe's failed attempts prove the server was down while ConnectAsync retried.
            probe.ReconnectAttemptFailed += (_, _) => Interlocked.Increment(ref attempts);
            await Eventually.TrueAsync(() => Volatile.Read(ref attempts) >= 2, "the probe failed to connect at least twice");
        }

        Assert.False(connecting.IsCompleted, "ConnectAsync keeps retrying while the server is down");
        await server.RestartAsync(Cancel);

        await using var client = await connecting.WaitAsync(Cancel);
        Assert.Equal("PONG", await client.PingAsync(Cancel));
    }

    [Fact]
    public async Task ConnectAsync_RetryForRunsOut_ThrowsTheLastConnectionError()
    {
        await using var server = await StoppedServerAsync();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(QuickRetries(server), retryFor: TimeSpan.FromMilliseconds(300), Cancel));

        Assert.Contains("stayed unreachable for 300 ms", error.Message, StringComparison.Ordinal);
        var last = Assert.IsType<RedisConnectionException>(error.InnerException);
        Assert.Contains("Cannot connect", last.Message, StringComparison.Ordinal);
    }

    /// <summary>A server started once (so its port is known) and stopped again.</summary>
    private static async Task<RedisServer> StoppedServerAsync()
    {
        var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        await server.StopAsync();
        return server;
    }

    private static RedisClientOptions QuickRetries(RedisServer server) => RedisClientOptions.Parse(server.Url) with
    {
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(20),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(100),
    };
}
