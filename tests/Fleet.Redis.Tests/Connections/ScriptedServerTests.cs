using System.Text;

namespace Fleet.Redis.Tests.Connections;

/// <summary>The client against replies a real server will not produce on demand.</summary>
public sealed class ScriptedServerTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Connect_ServerWithoutHello_FallsBackToResp2WithAuthAndSetName()
    {
        await using var server = new ScriptedServer(async (command, stream) =>
        {
            var reply = command[0] switch
            {
                "HELLO" => "-ERR unknown command 'HELLO'\r\n",
                "AUTH" => "+OK\r\n",
                "CLIENT" when command[1] == "SETNAME" => "+OK\r\n",
                "PING" => "+PONG\r\n",
                _ => "-ERR unexpected\r\n",
            };
            await stream.WriteAsync(Encoding.ASCII.GetBytes(reply));
        });
        var options = RedisClientOptions.Parse(server.Url.Replace("redis://", "redis://app:secret@", StringComparison.Ordinal)) with { ClientName = "old" };

        await using var client = await RedisClient.ConnectAsync(options, TestContext.Current.CancellationToken);

        Assert.Equal(RedisProtocol.Resp2, client.Protocol);
        Assert.Equal("PONG", await client.PingAsync(Cancel));
        // One refused HELLO, then exactly the RESP2 handshake and the PING that checks the server is not loading.
        Assert.Equal(["HELLO 3 AUTH app secret SETNAME old", "AUTH app secret", "CLIENT SETNAME old", "PING", "PING"], server.Received);
    }

    [Fact]
    public async Task Connect_ServerRefusesPingForAnotherReasonThanLoading_ConnectsAnyway()
    {
        // A server with PING renamed away (or a proxy that blocks it) answered the handshake: it is not loading.
        await using var server = new ScriptedServer(async (command, stream) =>
        {
            var reply = command[0] switch
            {
                "HELLO" => "%1\r\n$5\r\nproto\r\n:3\r\n",
                "PING" => "-ERR unknown command 'PING'\r\n",
                _ => "$2\r\nv1\r\n",
            };
            await stream.WriteAsync(Encoding.ASCII.GetBytes(reply));
        });

        await using var client = await RedisClient.ConnectAsync(server.Url, Cancel);

        Assert.Equal("v1", (await client.GetAsync("k", Cancel)).ToString());
    }

    [Fact]
    public async Task Get_LargeBulkSentInManySmallWrites_ArrivesWhole()
    {
        var payload = new byte[512 * 1024];
        Random.Shared.NextBytes(payload);
        await using var server = new ScriptedServer(async (command, stream) =>
        {
            if (command[0] == "HELLO")
            {
                await stream.WriteAsync("%1\r\n$5\r\nproto\r\n:3\r\n"u8.ToArray());
                return;
            }

            byte[] frame = [.. Encoding.ASCII.GetBytes($"${payload.Length}\r\n"), .. payload, .. "\r\n"u8];
            for (var offset = 0; offset < frame.Length; offset += 1000)
            {
                await stream.WriteAsync(frame.AsMemory(offset, Math.Min(1000, frame.Length - offset)));
                await stream.FlushAsync();
                if (offset % 50_000 == 0)
                {
                    await Task.Delay(1);
                }
            }
        });
        await using var client = await RedisClient.ConnectAsync(server.Url, TestContext.Current.CancellationToken);

        var value = await client.GetAsync("big", Cancel);

        Assert.Equal(payload, value.ToArray());
    }

    [Fact]
    public async Task Reply_NotResp_FailsInFlightCommandWithConnectionErrorInsteadOfMismatching()
    {
        await using var server = new ScriptedServer(async (command, stream) =>
        {
            var reply = command[0] switch
            {
                "HELLO" => "%1\r\n$5\r\nproto\r\n:3\r\n",
                "PING" => "+PONG\r\n",
                _ => "?garbage\r\n",
            };
            await stream.WriteAsync(Encoding.ASCII.GetBytes(reply));
        });
        var options = RedisClientOptions.Parse(server.Url) with { ReconnectWaitTimeout = TimeSpan.FromMilliseconds(200) };
        await using var client = await RedisClient.ConnectAsync(options, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<RedisConnectionException>(async () => await client.GetAsync("k", Cancel));

        Assert.IsType<RedisProtocolException>(error.InnerException);
    }

    [Fact]
    public async Task Reply_ShapeCommandCannotRead_ThrowsProtocolErrorAndNextCommandStillMatches()
    {
        await using var server = new ScriptedServer(async (command, stream) =>
        {
            var reply = command[0] switch
            {
                "HELLO" => "%1\r\n$5\r\nproto\r\n:3\r\n",
                "INCRBY" => "+not-a-number\r\n",
                _ => "+PONG\r\n",
            };
            await stream.WriteAsync(Encoding.ASCII.GetBytes(reply));
        });
        await using var client = await RedisClient.ConnectAsync(server.Url, TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<RedisProtocolException>(async () => await client.IncrementAsync("k", cancellationToken: Cancel));

        Assert.Equal("PONG", await client.PingAsync(Cancel));
    }

    [Theory]
    [InlineData("*-1\r\n")]
    [InlineData("_\r\n")]
    public async Task Transaction_ExecRepliesNull_ReportsNotCommitted(string nullReply)
    {
        // A null EXEC reply is what a transaction aborted by WATCH gets; WATCH itself is not offered on the
        // shared connection, so a scripted server produces the reply.
        await using var server = new ScriptedServer(async (command, stream) =>
        {
            var reply = command[0] switch
            {
                "HELLO" => "%1\r\n$5\r\nproto\r\n:3\r\n",
                "MULTI" => "+OK\r\n",
                "EXEC" => nullReply,
                _ => "+QUEUED\r\n",
            };
            await stream.WriteAsync(Encoding.ASCII.GetBytes(reply), Cancel);
        });
        await using var client = await RedisClient.ConnectAsync(server.Url, Cancel);
        var transaction = client.CreateTransaction();
        transaction.Set("k", "v");

        var result = await transaction.ExecuteAsync(Cancel);

        Assert.False(result.Committed);
        Assert.Empty(result.Results);
        Assert.Equal(["MULTI", "SET k v", "EXEC"], server.Received.Skip(2)); // after HELLO and the handshake's PING
    }
}
