using Fleet.Testing;

namespace Fleet.Redis.Tests.Connections;

public sealed class MultiplexingIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task ConcurrentCallers_100000CommandsFrom64Tasks_EveryReplyReachesItsCaller(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        const int Tasks = 64;
        const int PerTask = 100_000 / Tasks + 1;
        var mismatches = 0;

        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(task => Task.Run(async () =>
        {
            for (var i = 0; i < PerTask; i++)
            {
                // Alternate reply types so a reply matched to the wrong caller also fails to parse.
                if (i % 3 == 0)
                {
                    var echoed = await client.EchoAsync($"{task}:{i}");
                    if (echoed.ToString() != $"{task}:{i}")
                    {
                        Interlocked.Increment(ref mismatches);
                    }
                }
                else if (i % 3 == 1)
                {
                    await client.IncrementAsync($"{key}:{task}");
                }
                else
                {
                    var count = (long)await client.GetAsync($"{key}:{task}");
                    if (count != (i / 3) + 1)
                    {
                        Interlocked.Increment(ref mismatches);
                    }
                }
            }
        })));

        Assert.Equal(0, mismatches);
        for (var task = 0; task < Tasks; task++)
        {
            Assert.Equal((PerTask + 1) / 3, (long)await client.GetAsync($"{key}:{task}", Cancel));
        }
    }

    [Fact]
    public async Task ServerError_KeepsPrefixAndConnectionStaysUsable()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        await client.SetAsync(key, "text", cancellationToken: Cancel);

        var error = await Assert.ThrowsAsync<RedisServerException>(async () => await client.ExecuteAsync("LPUSH", key, "x"));

        Assert.Equal("WRONGTYPE", error.Prefix);
        Assert.Equal("PONG", await client.PingAsync(Cancel));
    }

    [Fact]
    public async Task ExecuteAsync_UnknownCommand_ThrowsErrWithServerText()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);

        var error = await Assert.ThrowsAsync<RedisServerException>(async () => await client.ExecuteAsync("NOSUCHCOMMAND"));

        Assert.Equal("ERR", error.Prefix);
        Assert.Contains("unknown command", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Protocol_Negotiated_IsTheOneAskedFor(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);

        Assert.Equal(protocol, client.Protocol);
        var info = (await client.ExecuteAsync("CLIENT", "INFO")).ToString();
        Assert.Matches($@"\bresp={(int)protocol}\b", info);
    }

    [Theory]
    [InlineData("WATCH")]
    [InlineData("select")]
    [InlineData("SUBSCRIBE")]
    [InlineData("BLPOP")]
    [InlineData("MULTI")]
    public async Task ExecuteAsync_CommandThatWouldChangeTheSharedConnection_IsRefusedWithGuidance(string command)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await client.ExecuteAsync(command, "x", "0"));

        Assert.Contains("shared connection", error.Message, StringComparison.Ordinal);
        Assert.Equal("PONG", await client.PingAsync(Cancel));
    }

    [Fact]
    public async Task ExecuteAsync_XReadWithBlock_IsRefused()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);

        await Assert.ThrowsAsync<ArgumentException>(async () => await client.ExecuteAsync("XREAD", "BLOCK", "100", "STREAMS", "s", "$"));
    }

    [Fact]
    public async Task ExecuteBlockingAsync_BlpopWhileSharedConnectionBusy_ReturnsPushedValue()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();

        var popped = client.ExecuteBlockingAsync("BLPOP", [key, 5], TimeSpan.FromSeconds(5), Cancel).AsTask();
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal("PONG", await client.PingAsync(Cancel));
        }

        Assert.False(popped.IsCompleted);
        await client.ExecuteAsync("RPUSH", key, "job");
        var result = await popped.WaitAsync(TimeSpan.FromSeconds(5), Cancel);
        Assert.Equal([key, "job"], result.Elements.Select(e => e.ToString()));
    }

    [Fact]
    public async Task ClientName_FromOptions_ShowsInClientList()
    {
        var name = "fleet-test-" + Guid.NewGuid().ToString("N")[..8];
        await using var client = await RedisClient.ConnectAsync(RedisClientOptions.Parse(redis.Server.Url) with { ClientName = name }, TestContext.Current.CancellationToken);

        var reply = await client.ExecuteAsync("CLIENT", "GETNAME");

        Assert.Equal(name, reply.ToString());
    }

    [Fact]
    public async Task Database_FromUrl_IsSelected()
    {
        await using var client = await RedisClient.ConnectAsync(redis.Server.Url + "/3", TestContext.Current.CancellationToken);
        var key = TestKeys.Unique();
        await client.SetAsync(key, "in-db-3", cancellationToken: Cancel);

        var reply = await redis.Server.CliAsync("-n", "3", "GET", key);

        Assert.Equal("in-db-3", reply);
    }
}
