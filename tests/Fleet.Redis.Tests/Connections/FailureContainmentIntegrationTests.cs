using System.Collections.Concurrent;
using Fleet.Testing;

namespace Fleet.Redis.Tests.Connections;

/// <summary>The client contains its own failures: user handlers, refused handshakes and dispose in any state.</summary>
public sealed class FailureContainmentIntegrationTests
{
    private const string Password = "s3cret";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EventHandlersThrow_ServerRestarted_ClientReconnectsAndReportsTheHandlerErrors()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        await using var client = await RedisClient.ConnectAsync(TestClients.FastReconnect(server.Url), Cancel);
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reported = new ConcurrentQueue<string>();
        client.ConnectionFailed += (_, _) => throw new InvalidOperationException("user handler of ConnectionFailed");
        client.ReconnectAttemptFailed += (_, _) => throw new InvalidOperationException("user handler of ReconnectAttemptFailed");
        client.ConnectionRestored += (_, _) => throw new InvalidOperationException("user handler of ConnectionRestored");
        client.ConnectionRestored += (_, _) => restored.TrySetResult(); // after a throwing handler: still called
        client.EventHandlerFailed += (_, e) =>
        {
            reported.Enqueue($"{e.EventName}: {e.Error.Message}");
            throw new InvalidOperationException("a reporter that throws is dropped too");
        };

        await server.KillAsync();
        await Eventually.TrueAsync(() => !client.IsConnected, "the client noticed the server is gone");
        await Eventually.TrueAsync(() => reported.Any(r => r.StartsWith("ReconnectAttemptFailed", StringComparison.Ordinal)), "a failed reconnect attempt was reported");
        await server.RestartAsync(Cancel);
        await restored.Task.WaitAsync(Eventually.DefaultLimit, Cancel); // a hang guard, not a time limit

        Assert.Equal("PONG", await client.PingAsync(Cancel));
        Assert.Equal("back", (await client.ExecuteAsync("ECHO", "back")).ToString());
        Assert.Contains("ConnectionFailed: user handler of ConnectionFailed", reported);
        Assert.Contains("ConnectionRestored: user handler of ConnectionRestored", reported);
    }

    [Fact]
    public async Task SubscriberHandlerFailedHandlerThrows_SubscriptionKeepsDeliveringAndReportsIt()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        var options = RedisClientOptions.Parse(server.Url);
        await using var client = await RedisClient.ConnectAsync(options, Cancel);
        await using var subscriber = await RedisSubscriber.ConnectAsync(options, Cancel);
        var reported = new ConcurrentQueue<string>();
        var delivered = new ConcurrentQueue<string>();
        subscriber.HandlerFailed += (_, _) => throw new InvalidOperationException("user handler of HandlerFailed");
        subscriber.EventHandlerFailed += (_, e) => reported.Enqueue($"{e.EventName}: {e.Error.Message}");
        var channel = TestKeys.Unique();
        await using var subscription = await subscriber.SubscribeAsync(channel, (message, _) =>
        {
            var text = message.Message.ToString();
            delivered.Enqueue(text);
            return text == "first" ? throw new InvalidOperationException("message handler") : ValueTask.CompletedTask;
        }, Cancel);

        await client.ExecuteAsync("PUBLISH", channel, "first");
        await Eventually.TrueAsync(() => !reported.IsEmpty, "the throwing HandlerFailed handler was reported");
        await client.ExecuteAsync("PUBLISH", channel, "second");
        await Eventually.TrueAsync(() => delivered.Contains("second"), "the subscription kept delivering");

        Assert.Equal(["first", "second"], delivered);
        Assert.Equal(["HandlerFailed: user handler of HandlerFailed"], reported);
    }

    [Theory]
    [InlineData(RedisProtocol.Resp3, "-select", "+select", "SELECT 1")]
    [InlineData(RedisProtocol.Resp3, "resetpass >rotated", "resetpass >" + Password, "WRONGPASS")]
    [InlineData(RedisProtocol.Resp2, "-client", "+client", "CLIENT SETNAME")]
    public async Task Reconnect_HandshakeRefusedByAcl_KeepsRetryingAsMisconfiguredAndRecoversWhenFixed(
        RedisProtocol protocol, string breakRules, string fixRules, string expected)
    {
        await using var server = await RedisServer.StartAsync(
            new RedisServerOptions { AclUsers = [new RedisAclUser("app", Password, "~* &* +@all")] }, Cancel);
        var options = TestClients.FastReconnect(server.UrlFor("app", Password)) with { Protocol = protocol, Database = 1, ClientName = "containment" };
        await using var client = await RedisClient.ConnectAsync(options, Cancel);
        var attempts = 0;
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ReconnectAttemptFailed += (_, _) => Interlocked.Increment(ref attempts);
        client.ConnectionRestored += (_, _) => restored.TrySetResult();

        await server.CliAsync(["ACL", "SETUSER", "app", .. breakRules.Split(' ')]);
        await server.CliAsync("CLIENT", "KILL", "USER", "app");

        await Eventually.TrueAsync(() => Volatile.Read(ref attempts) >= 3, "the client kept retrying the refused handshake");
        var error = Assert.IsType<RedisConnectionException>(client.LastConnectionError);
        Assert.True(error.IsConfigurationError, error.Message);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.IsType<RedisServerException>(error.InnerException);
        Assert.False(restored.Task.IsCompleted);

        await server.CliAsync(["ACL", "SETUSER", "app", .. fixRules.Split(' ')]);
        await restored.Task.WaitAsync(Eventually.DefaultLimit, Cancel); // a hang guard, not a time limit

        Assert.Equal("PONG", await client.PingAsync(Cancel));
        Assert.Null(client.LastConnectionError);
    }

    [Theory]
    [InlineData("connected")]
    [InlineData("server down")]
    [InlineData("handshake refused")]
    public async Task Dispose_InEveryConnectionState_CompletesAndClosesEveryConnection(string state)
    {
        await using var server = await RedisServer.StartAsync(
            new RedisServerOptions { AclUsers = [new RedisAclUser("app", Password, "~* &* +@all")] }, Cancel);
        var name = $"dispose-{Guid.NewGuid():N}";
        var client = await RedisClient.ConnectAsync(TestClients.FastReconnect(server.UrlFor("app", Password)) with { ClientName = name, Database = 1 }, Cancel);
        // A dedicated connection parked in the blocking pool, which dispose must close in every state.
        await client.ExecuteBlockingAsync("XREAD", ["BLOCK", "1", "STREAMS", TestKeys.Unique(), "$"], TimeSpan.FromMilliseconds(1), Cancel);
        Assert.Equal(2, await ConnectionsNamedAsync(server, name));
        if (state == "server down")
        {
            await server.KillAsync();
            await Eventually.TrueAsync(() => client.LastConnectionError is not null, "the client is reconnecting");
        }
        else if (state == "handshake refused")
        {
            await server.CliAsync("ACL", "SETUSER", "app", "-select");
            await server.CliAsync("CLIENT", "KILL", "USER", "app", "SKIPME", "yes");
            await Eventually.TrueAsync(() => client.LastConnectionError is RedisConnectionException { IsConfigurationError: true }, "the handshake is refused");
        }

        await client.DisposeAsync().AsTask().WaitAsync(Eventually.DefaultLimit, Cancel); // a hang guard, not a time limit

        Assert.False(client.IsConnected);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await client.PingAsync(Cancel));
        if (server.IsRunning)
        {
            await Eventually.TrueAsync(async () => await ConnectionsNamedAsync(server, name) == 0, "every connection of the client is closed");
        }
    }

    [Fact]
    public async Task Dispose_BlockingReadInFlight_FailsItAndClosesItsConnection()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        var name = $"blocked-{Guid.NewGuid():N}";
        var client = await RedisClient.ConnectAsync(RedisClientOptions.Parse(server.Url) with { ClientName = name }, Cancel);
        var read = client.ExecuteBlockingAsync("XREAD", ["BLOCK", "0", "STREAMS", TestKeys.Unique(), "$"], TimeSpan.Zero, Cancel).AsTask();
        await Eventually.TrueAsync(async () => (await server.CliAsync("INFO", "clients")).Contains("blocked_clients:1", StringComparison.Ordinal), "the read is blocked on the server");

        await client.DisposeAsync().AsTask().WaitAsync(Eventually.DefaultLimit, Cancel); // a hang guard, not a time limit

        await Assert.ThrowsAsync<RedisConnectionException>(() => read.WaitAsync(Eventually.DefaultLimit, Cancel));
        await Eventually.TrueAsync(async () => await ConnectionsNamedAsync(server, name) == 0, "the blocking connection is closed");
    }

    private static async Task<int> ConnectionsNamedAsync(RedisServer server, string name) =>
        (await server.CliAsync("CLIENT", "LIST")).Split('\n').Count(line => line.Contains($" name={name} ", StringComparison.Ordinal));
}
