namespace Fleet.Testing.Tests;

/// <content>What the server says of its clients: blocked_clients and a named connection's CLIENT LIST flags.</content>
public sealed partial class RedisServerTests
{
    [Fact]
    public async Task WaitForBlockedClientsAsync_ClientInBlpop_CountsItUntilItIsServed()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Ct);
        await using var waiter = await RespTestClient.ConnectAsync(server.Host, server.Port, Ct);
        await using var pusher = await RespTestClient.ConnectAsync(server.Host, server.Port, Ct);
        Assert.Equal(new RespTestReply('+', "OK"), await waiter.SendAsync("CLIENT", "SETNAME", "waiter"));
        Assert.Equal(0, await server.BlockedClientsAsync(Ct));

        var popped = waiter.SendAsync("BLPOP", "queue", "0");
        await server.WaitForBlockedClientsAsync(1);
        await server.WaitUntilClientBlockedAsync("waiter", "blpop");

        Assert.False(popped.IsCompleted);
        Assert.Equal(1, await server.BlockedClientsAsync(Ct));
        await pusher.SendAsync("LPUSH", "queue", "job");
        Assert.Equal('*', (await popped).Kind);
        await server.WaitForBlockedClientsAsync(0);
    }
}
