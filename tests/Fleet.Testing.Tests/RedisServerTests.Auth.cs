namespace Fleet.Testing.Tests;

/// <summary>The default user's password and extra ACL users.</summary>
public sealed partial class RedisServerTests
{
    private const string Password = "p@ss word/+\"x";

    [Fact]
    public async Task StartAsync_WithPassword_RejectsUnauthenticatedCommandWithNoauth()
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = Password }, Ct);
        await using var client = await RespTestClient.ConnectAsync(server.Host, server.Port, Ct);

        var reply = await client.SendAsync("GET", "auth:key");

        Assert.Equal('-', reply.Kind);
        Assert.StartsWith("NOAUTH", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_WithPassword_AcceptsAuthWithPassword()
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = Password }, Ct);
        await using var client = await RespTestClient.ConnectAsync(server.Host, server.Port, Ct);

        Assert.Equal(new RespTestReply('+', "OK"), await client.SendAsync("AUTH", Password));
        Assert.Equal(new RespTestReply('+', "PONG"), await client.SendAsync("PING"));
    }

    [Fact]
    public async Task Url_WithPassword_EscapesPassword()
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = Password }, Ct);

        Assert.Equal($"redis://:p%40ss%20word%2F%2B%22x@127.0.0.1:{server.Port}", server.Url);
        Assert.Equal($"redis://fleet%20app:a%3Ab@127.0.0.1:{server.Port}", server.UrlFor("fleet app", "a:b"));
    }

    [Fact]
    public async Task CliAsync_WithPassword_AuthenticatesAndReturnsPong()
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = Password }, Ct);

        Assert.Equal("PONG", await server.CliAsync("PING"));
    }

    [Fact]
    public async Task StartAsync_WithAclUser_AcceptsAuthWithUserAndPassword()
    {
        await using var server = await RedisServer.StartAsync(AclOptions(), Ct);
        await using var client = await RespTestClient.ConnectAsync(server.Host, server.Port, Ct);

        Assert.Equal("OK", (await client.SendAsync("AUTH", "fleet-app", "app secret")).Text);
        Assert.Equal("OK", (await client.SendAsync("SET", "fleet:acl", "1")).Text);
        Assert.Equal("fleet-app", (await client.SendAsync("ACL", "WHOAMI")).Text);
    }

    [Fact]
    public async Task StartAsync_WithAclUser_WrongPasswordGetsWrongpass()
    {
        await using var server = await RedisServer.StartAsync(AclOptions(), Ct);
        await using var client = await RespTestClient.ConnectAsync(server.Host, server.Port, Ct);

        var reply = await client.SendAsync("AUTH", "fleet-app", "wrong");

        Assert.Equal('-', reply.Kind);
        Assert.StartsWith("WRONGPASS", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_WithAclUser_KeyOutsideRulesGetsNoperm()
    {
        await using var server = await RedisServer.StartAsync(AclOptions(), Ct);
        await using var client = await RespTestClient.ConnectAsync(server.Host, server.Port, Ct);
        await client.SendAsync("AUTH", "fleet-app", "app secret");

        var reply = await client.SendAsync("SET", "other:acl", "1");

        Assert.Equal('-', reply.Kind);
        Assert.StartsWith("NOPERM", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_WithAclUserAndPassword_DefaultUserStillAuthenticatesWithPassword()
    {
        await using var server = await RedisServer.StartAsync(AclOptions(), Ct);
        await using var client = await RespTestClient.ConnectAsync(server.Host, server.Port, Ct);

        Assert.StartsWith("NOAUTH", (await client.SendAsync("GET", "other:acl")).Text, StringComparison.Ordinal);
        Assert.Equal("OK", (await client.SendAsync("AUTH", Password)).Text);
        Assert.Equal("OK", (await client.SendAsync("SET", "other:acl", "1")).Text);
    }

    [Fact]
    public async Task StartAsync_WithAclUserWithoutPassword_DefaultUserNeedsNoPassword()
    {
        var options = new RedisServerOptions { AclUsers = [new RedisAclUser("fleet-app", "app secret", "~fleet:* &* +@all")] };
        await using var server = await RedisServer.StartAsync(options, Ct);
        await using var client = await RespTestClient.ConnectAsync(server.Host, server.Port, Ct);

        Assert.Equal("OK", (await client.SendAsync("SET", "other:acl", "1")).Text);
        Assert.Equal("default", (await client.SendAsync("ACL", "WHOAMI")).Text);
    }

    private static RedisServerOptions AclOptions() => new()
    {
        Password = Password,
        AclUsers = [new RedisAclUser("fleet-app", "app secret", "~fleet:* &* +@all")],
    };
}
