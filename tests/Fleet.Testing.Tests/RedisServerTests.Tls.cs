namespace Fleet.Testing.Tests;

/// <summary>TLS-only servers.</summary>
public sealed partial class RedisServerTests
{
    [Fact]
    public async Task StartAsync_WithTls_AnswersPingOverSslStreamValidatedWithCa()
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Tls = true }, Ct);
        Assert.NotNull(server.CaCertificatePath);
        await using var client = await RespTestClient.ConnectTlsAsync(server.Host, server.Port, server.CaCertificatePath, Ct);

        var reply = await client.SendAsync("PING");

        Assert.Equal(new RespTestReply('+', "PONG"), reply);
        Assert.Equal($"rediss://127.0.0.1:{server.Port}", server.Url);
    }

    [Fact]
    public async Task StartAsync_WithTls_CertificateValidForLocalhost()
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Tls = true }, Ct);
        await using var client = await RespTestClient.ConnectTlsAsync("localhost", server.Port, server.CaCertificatePath!, Ct);

        Assert.Equal("PONG", (await client.SendAsync("PING")).Text);
    }

    [Fact]
    public async Task StartAsync_WithTls_RefusesPlainText()
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Tls = true }, Ct);
        await using var client = await RespTestClient.ConnectAsync(server.Host, server.Port, Ct);

        await Assert.ThrowsAnyAsync<IOException>(() => client.SendAsync("PING"));
    }

    [Fact]
    public async Task StartAsync_WithTlsAndPassword_UrlAndCliUseBoth()
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Tls = true, Password = "s3cret" }, Ct);

        Assert.Equal($"rediss://:s3cret@127.0.0.1:{server.Port}", server.Url);
        Assert.Equal($"rediss://u:p@127.0.0.1:{server.Port}", server.UrlFor("u", "p"));
        Assert.Equal("PONG", await server.CliAsync("PING"));
    }
}
