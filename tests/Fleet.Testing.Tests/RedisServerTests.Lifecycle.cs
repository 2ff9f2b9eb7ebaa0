using System.Net;
using System.Net.Sockets;

namespace Fleet.Testing.Tests;

/// <summary>Stopping, killing and restarting.</summary>
public sealed partial class RedisServerTests
{
    [Fact]
    public async Task RestartAsync_AfterKillWithAppendOnly_KeepsDataOnSamePort()
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { AppendOnly = true }, Ct);
        var port = server.Port;
        await using (var client = await RespTestClient.ConnectAsync(server.Host, port, Ct))
        {
            Assert.Equal("OK", (await client.SendAsync("SET", "aof:key", "survives")).Text);
        }

        await server.KillAsync();
        Assert.False(server.IsRunning);
        await AssertRefusedAsync(port);
        await server.RestartAsync(Ct);

        Assert.True(server.IsRunning);
        Assert.Equal(port, server.Port);
        await using var reconnected = await RespTestClient.ConnectAsync(server.Host, port, Ct);
        Assert.Equal(new RespTestReply('$', "survives"), await reconnected.SendAsync("GET", "aof:key"));
    }

    [Fact]
    public async Task RestartAsync_AfterKillWithoutAppendOnly_LosesData()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Ct);
        await server.CliAsync("SET", "volatile:key", "gone");

        await server.KillAsync();
        await server.RestartAsync(Ct);

        Assert.Equal(string.Empty, await server.CliAsync("GET", "volatile:key"));
    }

    [Fact]
    public async Task RestartAsync_Running_StopsAndStartsOnSamePort()
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = "pw" }, Ct);
        var port = server.Port;

        await server.RestartAsync(Ct);

        Assert.Equal(port, server.Port);
        Assert.Equal("PONG", await server.CliAsync("PING"));
    }

    [Fact]
    public async Task StopAsync_Running_IsRunningFalseAndPortRefusesConnections()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Ct);

        await server.StopAsync();

        Assert.False(server.IsRunning);
        await AssertRefusedAsync(server.Port);
    }

    [Fact]
    public async Task StopAsync_WithPassword_ShutsDownGracefully()
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = "pw" }, Ct);

        await server.StopAsync();

        Assert.False(server.IsRunning);
        var log = await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "redis.log"), Ct);
        Assert.Contains("User requested shutdown", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KillAsync_NotRunning_DoesNothing()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Ct);
        await server.KillAsync();

        await server.KillAsync();
        await server.StopAsync();

        Assert.False(server.IsRunning);
    }

    [Fact]
    public async Task RestartAsync_PortTakenByAnotherProcess_ThrowsNamingPort()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Ct);
        await server.KillAsync();
        using var squatter = new TcpListener(IPAddress.Loopback, server.Port);
        squatter.Start();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => server.RestartAsync(Ct));

        Assert.Contains($"port {server.Port}", error.Message, StringComparison.Ordinal);
        Assert.False(server.IsRunning);
    }

    private static async Task AssertRefusedAsync(int port)
    {
        var error = await Assert.ThrowsAsync<SocketException>(() => RespTestClient.ConnectAsync("127.0.0.1", port, Ct));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }
}
