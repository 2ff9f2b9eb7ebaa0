using System.Net.Sockets;
using System.Text;
using Fleet.Testing;

namespace Fleet.Redis.Tests.Commands;

public sealed class ServerCommandsIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task ServerTimeAsync_LocalServer_IsCloseToTheLocalClock(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);

        var serverTime = await client.ServerTimeAsync(Cancellation);

        Assert.InRange(serverTime - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(-5), TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task PublishAsync_OneSubscriber_ReturnsOneAndDeliversTheMessage(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var channel = TestKeys.Unique();
        var options = RedisClientOptions.Parse(redis.Server.Url);
        using var subscriber = new TcpClient();
        await subscriber.ConnectAsync(options.Host, options.Port, Cancellation);
        var stream = subscriber.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes($"*2\r\n$9\r\nSUBSCRIBE\r\n${channel.Length}\r\n{channel}\r\n"), Cancellation);
        await ReadUntilAsync(stream, ":1\r\n"); // the subscribe confirmation ends with the subscription count

        Assert.Equal(1, await client.PublishAsync(channel, "hello", Cancellation));
        Assert.Contains("$5\r\nhello\r\n", await ReadUntilAsync(stream, "hello\r\n"), StringComparison.Ordinal);
        Assert.Equal(0, await client.PublishAsync(channel + ":nobody", "lost", Cancellation));
    }

    private static async Task<string> ReadUntilAsync(NetworkStream stream, string end)
    {
        var text = new StringBuilder();
        var buffer = new byte[1024];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        while (!text.ToString().EndsWith(end, StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            Assert.NotEqual(0, read);
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }
}
