using Fleet.Testing;

namespace Fleet.Redis.Tests.Connections;

public sealed class TimeoutAndCancellationIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Command_ServerPausedLongerThanTimeout_ThrowsTimeoutAndLaterRepliesStillMatch()
    {
        // A server of its own: CLIENT PAUSE stops every client of the server. WRITE holds SET (not CLIENT UNPAUSE or
        // EXISTS) until the test ends the pause, so no wall-clock pause length has to outlast the timeout.
        await using var server = await RedisServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var options = RedisClientOptions.Parse(server.Url) with { CommandTimeout = TimeSpan.FromMilliseconds(300) };
        await using var client = await RedisClient.ConnectAsync(options, TestContext.Current.CancellationToken);
        var key = TestKeys.Unique();
        await server.CliAsync("CLIENT", "PAUSE", "600000", "WRITE");

        var timedOut = await Assert.ThrowsAsync<RedisTimeoutException>(async () => await client.SetAsync(key, "late", cancellationToken: Cancel));

        Assert.Contains("SET", timedOut.Message, StringComparison.Ordinal);
        Assert.Equal("0", await server.CliAsync("EXISTS", key));
        // The held SET runs now and its late reply (+OK) reaches the client before the ECHO's: it must be dropped, not
        // handed to the next caller.
        await server.CliAsync("CLIENT", "UNPAUSE");
        Assert.Equal("value-after", (await client.EchoAsync("value-after", Cancel)).ToString());
        Assert.Equal("late", (await client.GetAsync(key, Cancel)).ToString());
    }

    [Fact]
    public async Task Command_Cancelled_ThrowsOperationCanceledAndConnectionStaysUsable()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var client = await RedisClient.ConnectAsync(server.Url, TestContext.Current.CancellationToken);
        var key = TestKeys.Unique();
        await server.CliAsync("CLIENT", "PAUSE", "600000", "WRITE");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await client.SetAsync(key, "held", cancellationToken: cancel.Token));

        // The server still holds the SET, so the cancellation did not wait for its reply.
        Assert.Equal("0", await server.CliAsync("EXISTS", key));
        await server.CliAsync("CLIENT", "UNPAUSE");
        Assert.Equal("after-cancel", (await client.EchoAsync("after-cancel", Cancel)).ToString());
    }

    [Fact]
    public async Task Command_AlreadyCancelledToken_ThrowsWithoutBreakingOrder()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await client.PingAsync(new CancellationToken(canceled: true)));

        Assert.Equal("next", (await client.EchoAsync("next", Cancel)).ToString());
    }

    [Fact]
    public async Task Connect_NothingListening_FailsWithConnectionErrorNamingEndpoint()
    {
        var port = FreePort();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync($"redis://127.0.0.1:{port}", TestContext.Current.CancellationToken));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
