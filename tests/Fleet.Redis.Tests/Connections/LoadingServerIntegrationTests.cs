using Fleet.Testing;

namespace Fleet.Redis.Tests.Connections;

/// <summary>
/// A restarted server takes connections, HELLO and SELECT while it is still loading its data, and answers every data
/// command with -LOADING until it is done. The client must not hand callers such a connection.
/// </summary>
public sealed class LoadingServerIntegrationTests
{
    private const int Keys = 3000;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reconnect_WhileServerLoadsItsData_CommandsWaitForTheDataInsteadOfFailingWithLoading()
    {
        await using var server = await RedisServer.StartAsync(
            new RedisServerOptions
            {
                // Loading takes Keys x 1 ms, and the server serves clients (with -LOADING) every 1 KiB it reads.
                ExtraConfig = new Dictionary<string, string>
                {
                    ["key-load-delay"] = "1000",
                    ["loading-process-events-interval-bytes"] = "1024",
                },
            },
            Cancel);
        var options = RedisClientOptions.Parse(server.Url) with
        {
            ReconnectWaitTimeout = TimeSpan.FromSeconds(60),
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(10),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(50),
        };
        await using var client = await RedisClient.ConnectAsync(options, Cancel);
        var loadingRefusals = 0;
        client.ReconnectAttemptFailed += (_, e) =>
        {
            if (e.Error is RedisConnectionException { InnerException: RedisServerException refusal } && refusal.Is("LOADING"))
            {
                Interlocked.Increment(ref loadingRefusals);
            }
        };

        for (var i = 0; i < Keys; i++)
        {
            await client.ExecuteAsync("SET", [$"load:{i}", i], Cancel);
        }

        await client.ExecuteAsync("SAVE", [], Cancel);
        await server.KillAsync();
        await Eventually.TrueAsync(() => !client.IsConnected, "the client noticed the server is gone");

        // The client reconnects every 50 ms while the server restarts and loads dump.rdb for about 3 s.
        var restart = server.RestartAsync(Cancel);
        var value = await client.ExecuteAsync("GET", [$"load:{Keys - 1}"], Cancel);
        await restart;

        Assert.Equal(Keys - 1, value.ToInt64());
        Assert.True(Volatile.Read(ref loadingRefusals) > 0, "the client never met the server while it was loading; the test proved nothing");
    }
}
