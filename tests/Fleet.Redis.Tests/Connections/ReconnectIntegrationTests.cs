using Fleet.Testing;

namespace Fleet.Redis.Tests.Connections;

public sealed class ReconnectIntegrationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ServerKilledMidLoad_InFlightFailCleanly_LaterCommandsSucceedAfterRestart()
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { AppendOnly = true }, Cancel);
        var options = RedisClientOptions.Parse(server.Url) with
        {
            ReconnectWaitTimeout = TimeSpan.FromSeconds(10),
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        };
        await using var client = await RedisClient.ConnectAsync(options, Cancel);
        var failed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ConnectionFailed += (_, e) => failed.TrySetResult(e.Error);
        client.ConnectionRestored += (_, _) => restored.TrySetResult();
        var key = TestKeys.Unique();
        var succeeded = 0L;
        var otherErrors = new List<Exception>();
        var connectionErrors = 0;
        using var stopLoad = new CancellationTokenSource();

        var load = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (!stopLoad.IsCancellationRequested)
            {
                try
                {
                    await client.IncrementAsync(key);
                    Interlocked.Increment(ref succeeded);
                }
                catch (RedisConnectionException)
                {
                    Interlocked.Increment(ref connectionErrors);
                }
                catch (Exception ex)
                {
                    lock (otherErrors)
                    {
                        otherErrors.Add(ex);
                    }
                }
            }
        })).ToArray();

        await WaitUntil(() => Interlocked.Read(ref succeeded) > 2000, "2000 INCRs succeeded");

        // A script that keeps the server busy for two seconds: it, and every INCR queued behind it, is surely
        // in flight when the server dies.
        var busy = client.ExecuteAsync("EVAL", BusyScript, 0).AsTask();
        await Task.Delay(200, Cancel);
        await server.KillAsync();
        await Assert.ThrowsAsync<RedisConnectionException>(() => busy);
        Assert.IsType<RedisConnectionException>(await failed.Task.WaitAsync(TimeSpan.FromSeconds(5), Cancel));
        await Task.Delay(300, Cancel);
        await server.RestartAsync(Cancel);
        await restored.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        var afterRestart = Interlocked.Read(ref succeeded);
        await WaitUntil(() => Interlocked.Read(ref succeeded) > afterRestart + 2000, "2000 more INCRs succeeded after the restart");
        await stopLoad.CancelAsync();
        await Task.WhenAll(load);

        Assert.Empty(otherErrors);
        Assert.True(connectionErrors > 0, "the commands in flight when the server died must fail with a connection error");
        // Nothing was re-sent behind a caller's back: every successful INCR is counted once, and the
        // server (AOF, fsync always) holds at least those; commands that failed in flight may also have run.
        var stored = (long)await client.GetAsync(key, Cancel);
        Assert.InRange(stored, Interlocked.Read(ref succeeded), Interlocked.Read(ref succeeded) + connectionErrors);
    }

    [Fact]
    public async Task CommandIssuedWhileDown_WaitsForReconnectThenRuns()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        var options = RedisClientOptions.Parse(server.Url) with
        {
            ReconnectWaitTimeout = TimeSpan.FromSeconds(10),
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(100),
        };
        await using var client = await RedisClient.ConnectAsync(options, Cancel);
        var attempts = 0;
        client.ReconnectAttemptFailed += (_, _) => Interlocked.Increment(ref attempts);
        await server.KillAsync();
        await WaitUntil(() => !client.IsConnected, "the client saw the server go");

        var ping = client.PingAsync(Cancel).AsTask();
        var before = Volatile.Read(ref attempts);
        await WaitUntil(() => Volatile.Read(ref attempts) >= before + 2, "two reconnect attempts failed while the ping waited");
        Assert.False(ping.IsCompleted);
        await server.RestartAsync(Cancel);

        Assert.Equal("PONG", await ping.WaitAsync(TimeSpan.FromSeconds(10), Cancel));
    }

    [Fact]
    public async Task CommandIssuedWhileDown_ServerStaysDown_FailsAfterReconnectWaitSayingItWasNotSent()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        var options = RedisClientOptions.Parse(server.Url) with { ReconnectWaitTimeout = TimeSpan.FromMilliseconds(400) };
        await using var client = await RedisClient.ConnectAsync(options, Cancel);
        var attempts = 0;
        client.ReconnectAttemptFailed += (_, _) => Interlocked.Increment(ref attempts);
        await server.KillAsync();
        await WaitUntil(() => !client.IsConnected, "the client saw the server go");

        var error = await Assert.ThrowsAsync<RedisConnectionException>(async () => await client.PingAsync(Cancel));

        Assert.Contains("was not sent", error.Message, StringComparison.Ordinal);
        Assert.True(attempts > 0);
    }

    [Fact]
    public async Task Subscriber_ServerRestarted_SubscriptionsResume()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        var options = RedisClientOptions.Parse(server.Url) with
        {
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(100),
            ReconnectWaitTimeout = TimeSpan.FromSeconds(10),
        };
        await using var client = await RedisClient.ConnectAsync(options, Cancel);
        await using var subscriber = await client.CreateSubscriberAsync(Cancel);
        var resubscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.Resubscribed += (_, _) => resubscribed.TrySetResult();
        await using var channel = await subscriber.SubscribeAsync("news", Cancel);
        await using var pattern = await subscriber.PatternSubscribeAsync("price.updated.*", Cancel);

        await server.KillAsync();
        await server.RestartAsync(Cancel);
        await resubscribed.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);

        // Messages reach the subscriber again once the server has the subscriptions back.
        await WaitUntil(async () => (await client.ExecuteAsync("PUBLISH", "news", "back")).ToInt64() == 1, "the server has the subscription back");
        await client.ExecuteAsync("PUBLISH", "price.updated.ACME", "101.5");
        Assert.Equal("back", (await channel.Reader.ReadAsync(Cancel)).Message.ToString());
        var price = await pattern.Reader.ReadAsync(Cancel);
        Assert.Equal("price.updated.ACME", price.Channel);
        Assert.Equal("101.5", price.Message.ToString());
    }

    private const string BusyScript = """
        local start = redis.call('TIME')
        while true do
          local now = redis.call('TIME')
          if (now[1] - start[1]) * 1000000 + (now[2] - start[2]) > 2000000 then break end
        end
        return 1
        """;

    private static Task WaitUntil(Func<bool> condition, string what) => Eventually.TrueAsync(condition, what);

    // A command may meet the connection while it is down: that reads as "not yet".
    private static Task WaitUntil(Func<Task<bool>> condition, string what) => Eventually.TrueAsync(() => CheckQuietly(condition), what);

    private static async Task<bool> CheckQuietly(Func<Task<bool>> condition)
    {
        try
        {
            return await condition();
        }
        catch (RedisConnectionException)
        {
            return false;
        }
    }
}
