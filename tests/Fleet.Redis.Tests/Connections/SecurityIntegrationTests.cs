using Fleet.Testing;

namespace Fleet.Redis.Tests.Connections;

public sealed class SecurityIntegrationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Connect_AclUserWithRightPassword_RunsAllowedCommands(RedisProtocol protocol)
    {
        await using var server = await RedisServer.StartAsync(
            new RedisServerOptions { AclUsers = [new RedisAclUser("app", "s3cret", "~app:* &* +@all")] }, Cancel);

        await using var client = await RedisClient.ConnectAsync(RedisClientOptions.Parse(server.UrlFor("app", "s3cret")) with { Protocol = protocol }, Cancel);

        Assert.True(await client.SetAsync("app:1", "ok", cancellationToken: Cancel));
        Assert.Equal("app", (await client.ExecuteAsync("ACL", "WHOAMI")).ToString());
        var denied = await Assert.ThrowsAsync<RedisServerException>(async () => await client.SetAsync("other:1", "no", cancellationToken: Cancel));
        Assert.Equal("NOPERM", denied.Prefix);
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Connect_WrongPassword_FailsWithClearAuthenticationError(RedisProtocol protocol)
    {
        await using var server = await RedisServer.StartAsync(
            new RedisServerOptions { AclUsers = [new RedisAclUser("app", "s3cret", "~* &* +@all")] }, Cancel);

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() =>
            RedisClient.ConnectAsync(RedisClientOptions.Parse(server.UrlFor("app", "wrong")) with { Protocol = protocol }, Cancel));

        Assert.Contains("rejected the credentials of user 'app'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", error.Message, StringComparison.Ordinal);
        Assert.Equal("WRONGPASS", Assert.IsType<RedisServerException>(error.InnerException).Prefix);
    }

    [Fact]
    public async Task Connect_PasswordServerWithoutPassword_SaysAuthenticationIsRequired()
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = "pw" }, Cancel);

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() =>
            RedisClient.ConnectAsync($"redis://{server.Host}:{server.Port}", Cancel));

        Assert.Contains("requires authentication", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_RequirePassword_AuthenticatesDefaultUser()
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = "p@ss word" }, Cancel);

        await using var client = await RedisClient.ConnectAsync(server.Url, Cancel);

        Assert.Equal("PONG", await client.PingAsync(Cancel));
        Assert.Equal("default", (await client.ExecuteAsync("ACL", "WHOAMI")).ToString());
    }

    [Fact]
    public async Task Connect_TlsWithGeneratedCa_Works()
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Tls = true }, Cancel);

        await using var client = await RedisClient.ConnectAsync(RedisClientOptions.Parse(server.Url) with { TlsCaFile = server.CaCertificatePath }, Cancel);

        Assert.Equal("PONG", await client.PingAsync(Cancel));
        var payload = new byte[100_000];
        Random.Shared.NextBytes(payload);
        await client.SetAsync("tls:big", payload, cancellationToken: Cancel);
        Assert.Equal(payload, (await client.GetAsync("tls:big", Cancel)).ToArray());
    }

    [Fact]
    public async Task Connect_TlsWithUntrustedCertificate_IsRefused()
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Tls = true }, Cancel);

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(server.Url, Cancel));

        Assert.Contains("TLS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_TlsSkipVerifyAskedFor_Works()
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Tls = true }, Cancel);

        await using var client = await RedisClient.ConnectAsync(server.Url + "?tls_insecure=true", Cancel);

        Assert.Equal("PONG", await client.PingAsync(Cancel));
    }

    [Fact]
    public async Task Connect_UnixSocket_Works()
    {
        var socketPath = Path.Combine(Path.GetTempPath(), $"fleet-{Guid.NewGuid():N}.sock");
        try
        {
            await using var server = await RedisServer.StartAsync(
                new RedisServerOptions { ExtraConfig = new Dictionary<string, string> { ["unixsocket"] = socketPath, ["unixsocketperm"] = "700" } }, Cancel);

            await using var client = await RedisClient.ConnectAsync("unix://" + socketPath, Cancel);

            Assert.Equal("PONG", await client.PingAsync(Cancel));
        }
        finally
        {
            File.Delete(socketPath); // a killed server leaves its socket file behind
        }
    }
}
