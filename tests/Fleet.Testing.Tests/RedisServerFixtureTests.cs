namespace Fleet.Testing.Tests;

public sealed class RedisServerFixtureTests(RedisServerFixture fixture) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Server_AfterInitialize_AnswersPing()
    {
        Assert.True(fixture.Server.IsRunning);
        await using var client = await RespTestClient.ConnectAsync(fixture.Server.Host, fixture.Server.Port, TestContext.Current.CancellationToken);

        Assert.Equal(new RespTestReply('+', "PONG"), await client.SendAsync("PING"));
    }

    [Fact]
    public void Server_BeforeInitialize_Throws()
    {
        var uninitialized = new RedisServerFixture();

        Assert.Throws<InvalidOperationException>(() => uninitialized.Server);
    }
}
