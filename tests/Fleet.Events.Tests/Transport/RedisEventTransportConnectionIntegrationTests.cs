using Fleet.Events.Transport;
using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.Events.Tests.Transport;

/// <summary>The Redis transport when its server goes away and comes back; each test stops a redis-server of its own.</summary>
public sealed class RedisEventTransportConnectionIntegrationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task IsUnavailable_AppendWhileServerStopped_True()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        await using var client = await ConnectAsync(server);
        await using var transport = new RedisEventTransport(client);
        var stream = new StreamKeys().Stream(TestStreams.Unique());
        await transport.AppendAsync(stream, [new StreamField("n", "1")], trim: null, Cancel);

        await server.StopAsync();
        await Eventually.TrueAsync(() => !client.IsConnected, "the client noticed the server is gone");
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
            await transport.AppendAsync(stream, [new StreamField("n", "2")], trim: null, Cancel));

        Assert.True(transport.IsUnavailable(error), $"{error.GetType().Name} should mean unavailable: {error.Message}");
    }

    [Fact]
    public async Task Restored_ServerRestarted_RaisedUntilDisposed()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        await using var client = await ConnectAsync(server);
        var transport = new RedisEventTransport(client);
        var transportRestored = 0;
        var clientRestored = 0;
        transport.Restored += (_, _) => Interlocked.Increment(ref transportRestored);
        // Subscribed after the transport, so the client raises it after the transport's handler ran.
        client.ConnectionRestored += (_, _) => Interlocked.Increment(ref clientRestored);

        await server.RestartAsync(Cancel);
        await Eventually.TrueAsync(() => Volatile.Read(ref clientRestored) == 1, "the client reconnected");
        Assert.Equal(1, Volatile.Read(ref transportRestored));

        await transport.DisposeAsync();
        await server.RestartAsync(Cancel);
        await Eventually.TrueAsync(() => Volatile.Read(ref clientRestored) == 2, "the client reconnected again");

        Assert.Equal(1, Volatile.Read(ref transportRestored));
        Assert.Equal("PONG", await client.PingAsync(Cancel));
    }

    [Fact]
    public async Task SubscribeAsync_ServerRestarted_SubscriptionResumes()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        await using var client = await ConnectAsync(server);
        await using var transport = new RedisEventTransport(client);
        var received = new List<string>();
        await using var subscription = await transport.SubscribeAsync("price.updated.*", (channel, _) =>
        {
            lock (received)
            {
                received.Add(channel);
            }

            return ValueTask.CompletedTask;
        }, Cancel);

        await server.RestartAsync(Cancel);
        await Eventually.TrueAsync(
            async () => await TryNotifyAsync(transport, "price.updated.MSFT") == 1,
            "the subscriber subscribed again after the restart");

        await Eventually.TrueAsync(() => { lock (received) { return received.Contains("price.updated.MSFT"); } }, "the message arrived");
    }

    /// <summary>PUBLISH, or -1 while the client is still reconnecting.</summary>
    private static async Task<long> TryNotifyAsync(RedisEventTransport transport, string channel)
    {
        try
        {
            return await transport.NotifyAsync(channel, "1"u8.ToArray(), Cancel);
        }
        catch (RedisConnectionException)
        {
            return -1;
        }
    }

    private static Task<RedisClient> ConnectAsync(RedisServer server) =>
        RedisClient.ConnectAsync(
            RedisClientOptions.Parse(server.Url) with
            {
                ReconnectWaitTimeout = TimeSpan.FromMilliseconds(300),
                CommandTimeout = TimeSpan.FromSeconds(1),
                ReconnectInitialDelay = TimeSpan.FromMilliseconds(20),
                ReconnectMaxDelay = TimeSpan.FromMilliseconds(100),
            },
            Cancel);
}
