using Fleet.Testing;

namespace Fleet.Redis.Tests;

/// <summary>Clients connected to a test server, in either protocol.</summary>
internal static class TestClients
{
    public static Task<RedisClient> ConnectAsync(RedisServer server, RedisProtocol protocol = RedisProtocol.Resp3) =>
        RedisClient.ConnectAsync(RedisClientOptions.Parse(server.Url) with { Protocol = protocol }, TestContext.Current.CancellationToken);

    /// <summary>Options for <paramref name="url"/> that reconnect quickly (20-100 ms backoff) and let commands wait 10 s for it.</summary>
    public static RedisClientOptions FastReconnect(string url) => RedisClientOptions.Parse(url) with
    {
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(20),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(100),
        ReconnectWaitTimeout = TimeSpan.FromSeconds(10),
    };
}
