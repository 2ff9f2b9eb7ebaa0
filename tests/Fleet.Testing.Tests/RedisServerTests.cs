using System.Net;
using System.Net.Sockets;

namespace Fleet.Testing.Tests;

/// <summary>Starting a plain server, its URL, redis-cli and disposal.</summary>
public sealed partial class RedisServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int FreePortForTest()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task StartAsync_NoOptions_AnswersPingOnItsPort()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Ct);
        await using var client = await RespTestClient.ConnectAsync(server.Host, server.Port, Ct);

        var reply = await client.SendAsync("PING");

        Assert.Equal(new RespTestReply('+', "PONG"), reply);
        Assert.True(server.IsRunning);
        Assert.Equal("127.0.0.1", server.Host);
        Assert.Equal($"redis://127.0.0.1:{server.Port}", server.Url);
        Assert.Null(server.CaCertificatePath);
    }

    [Fact]
    public async Task StartAsync_ManyInParallel_EachAnswersOnItsOwnPort()
    {
        var servers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => RedisServer.StartAsync(cancellationToken: Ct)));
        try
        {
            Assert.Equal(servers.Length, servers.Select(s => s.Port).Distinct().Count());
            Assert.Equal(servers.Length, servers.Select(s => s.DataDirectory).Distinct().Count());
            foreach (var server in servers)
            {
                await using var client = await RespTestClient.ConnectAsync(server.Host, server.Port, Ct);
                Assert.Equal("PONG", (await client.SendAsync("PING")).Text);
            }
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task StartAsync_PortTakenByAnotherRedis_RetriesOnNewPort()
    {
        await using var squatter = await RedisServer.StartAsync(cancellationToken: Ct);
        var ports = new Queue<int>([squatter.Port, squatter.Port]);

        await using var server = await RedisServer.StartWithPortsAsync(null, () => ports.Count > 0 ? ports.Dequeue() : FreePortForTest(), Ct);

        Assert.Empty(ports);
        Assert.NotEqual(squatter.Port, server.Port);
        await using var client = await RespTestClient.ConnectAsync(server.Host, server.Port, Ct);
        Assert.Equal("PONG", (await client.SendAsync("PING")).Text);
    }

    [Fact]
    public async Task StartAsync_EveryPortTaken_ThrowsAfterRetries()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RedisServer.StartWithPortsAsync(null, () => taken, Ct));

        Assert.Contains("Address already in use", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ExtraConfig_AppliesDirective()
    {
        var options = new RedisServerOptions { ExtraConfig = new Dictionary<string, string> { ["databases"] = "3" } };
        await using var server = await RedisServer.StartAsync(options, Ct);
        await using var client = await RespTestClient.ConnectAsync(server.Host, server.Port, Ct);

        var reply = await client.SendAsync("SELECT", "3");

        Assert.Equal('-', reply.Kind);
        Assert.Equal("OK", (await client.SendAsync("SELECT", "2")).Text);
    }

    [Fact]
    public async Task StartAsync_InvalidConfig_ThrowsWithServerOutput()
    {
        var options = new RedisServerOptions { ExtraConfig = new Dictionary<string, string> { ["maxmemory"] = "not-a-size" } };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RedisServer.StartAsync(options, Ct));

        Assert.Contains("FATAL CONFIG FILE ERROR", error.Message, StringComparison.Ordinal);
        Assert.Contains("maxmemory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ServerFailsAfterLogOpens_ThrowsWithLogTail()
    {
        var options = new RedisServerOptions { ExtraConfig = new Dictionary<string, string> { ["loadmodule"] = "/nonexistent/fleet-module.so" } };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RedisServer.StartAsync(options, Ct));

        Assert.Contains("redis.log", error.Message, StringComparison.Ordinal);
        Assert.Contains("fleet-module.so", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CliAsync_Ping_ReturnsPong()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Ct);

        Assert.Equal("PONG", await server.CliAsync("PING"));
    }

    [Fact]
    public async Task CliAsync_SetThenGet_ReturnsValueWithoutTrailingNewline()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Ct);

        await server.CliAsync("SET", "cli:key", "hello world");

        Assert.Equal("hello world", await server.CliAsync("GET", "cli:key"));
    }

    [Fact]
    public async Task CliAsync_ServerStopped_ThrowsWithStderr()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Ct);
        await server.StopAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => server.CliAsync("PING"));

        Assert.Contains("Connection refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_AfterKill_DoesNotThrowAndDeletesDirectory()
    {
        var server = await RedisServer.StartAsync(cancellationToken: Ct);
        await server.KillAsync();

        await server.DisposeAsync();
        await server.DisposeAsync();

        Assert.False(server.IsRunning);
        Assert.False(Directory.Exists(server.DataDirectory));
    }

    [Fact]
    public async Task DisposeAsync_Running_KillsServerAndDeletesDirectory()
    {
        var server = await RedisServer.StartAsync(cancellationToken: Ct);
        Assert.True(File.Exists(Path.Combine(server.DataDirectory, "redis.conf")));

        await server.DisposeAsync();

        Assert.False(server.IsRunning);
        Assert.False(Directory.Exists(server.DataDirectory));
        await AssertRefusedAsync(server.Port);
    }
}
