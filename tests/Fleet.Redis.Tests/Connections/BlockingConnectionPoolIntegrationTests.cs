using Fleet.Redis.Connections;
using Fleet.Redis.Protocol;
using Fleet.Testing;

namespace Fleet.Redis.Tests.Connections;

public sealed class BlockingConnectionPoolIntegrationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dispose_WhileLeasesEnd_NoConnectionIsParkedOrLeftOpen()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        var name = $"pool-{Guid.NewGuid():N}";
        var options = RedisClientOptions.Parse(server.Url) with { ClientName = name, MaxBlockingConnections = 4 };

        for (var round = 0; round < 40; round++)
        {
            var pool = new BlockingConnectionPool(options);
            var leases = Enumerable.Range(0, 4).Select(_ => LeaseAsync(pool)).ToArray();
            await Task.WhenAny(leases);
            // Dispose races the leases still finishing: each must close its connection, never park it.
            await pool.DisposeAsync();
            await Task.WhenAll(leases);

            Assert.Equal(0, pool.IdleCount);
        }

        await Eventually.TrueAsync(async () => !(await server.CliAsync("CLIENT", "LIST")).Contains($" name={name} ", StringComparison.Ordinal), "every pooled connection is closed");
    }

    [Fact]
    public async Task Dispose_LeaseBlockedOnServer_FailsItAndClosesItsConnection()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        var name = $"pool-{Guid.NewGuid():N}";
        var pool = new BlockingConnectionPool(RedisClientOptions.Parse(server.Url) with { ClientName = name });
        var read = pool.ExecuteAsync(
            RedisClient.WriteGeneric("XREAD", ["BLOCK", "0", "STREAMS", TestKeys.Unique(), "$"]), ResultParsers.Result, TimeSpan.MaxValue, Cancel).AsTask();
        await Eventually.TrueAsync(async () => (await server.CliAsync("INFO", "clients")).Contains("blocked_clients:1", StringComparison.Ordinal), "the read is blocked on the server");

        await pool.DisposeAsync();

        await Assert.ThrowsAsync<RedisConnectionException>(() => read.WaitAsync(Eventually.DefaultLimit, Cancel));
        Assert.Equal(0, pool.IdleCount);
        await Eventually.TrueAsync(async () => !(await server.CliAsync("CLIENT", "LIST")).Contains($" name={name} ", StringComparison.Ordinal), "the leased connection is closed");
    }

    /// <summary>One lease (a PING) that may lose the race with dispose: refused or failed is fine, a parked connection is not.</summary>
    private static async Task LeaseAsync(BlockingConnectionPool pool)
    {
        try
        {
            await pool.ExecuteAsync(RedisClient.WriteGeneric("PING", []), ResultParsers.Result, TimeSpan.FromSeconds(5), Cancel);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or RedisConnectionException)
        {
            // The pool was disposed before or while this lease ran.
        }
    }
}
