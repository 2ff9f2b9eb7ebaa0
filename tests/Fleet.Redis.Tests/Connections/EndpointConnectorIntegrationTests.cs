using System.Net.Sockets;
using Fleet.Redis.Connections;
using Fleet.Testing;

namespace Fleet.Redis.Tests.Connections;

public sealed class EndpointConnectorIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task OpenAsync_Tcp_EnablesKeepAliveProbesAfterConfiguredIdleTime()
    {
        var options = RedisClientOptions.Parse(redis.Server.Url) with { KeepAlive = TimeSpan.FromSeconds(9) };

        var (socket, stream) = await EndpointConnector.OpenAsync(options, TestContext.Current.CancellationToken);
        await using var _ = stream;

        Assert.Equal(1, (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
        Assert.Equal(9, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!);
        Assert.Equal(3, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval)!);
        Assert.Equal(3, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount)!);
        Assert.True(socket.NoDelay);
    }
}
