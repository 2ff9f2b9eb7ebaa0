using Fleet.Testing;

namespace Fleet.Redis.Tests;

/// <summary>Clients connected to a test server, in either protocol.</summary>
internal static class TestClients
{
    public static Task<RedisClient> ConnectAsync(RedisServer server, RedisProtocol protocol = RedisProtocol.Resp3) =>
        RedisClient.ConnectAsync(RedisClientOptions.Parse(server.Url) with { Protocol = protocol }, TestContext.Current.CancellationToken);
}
