using System.Diagnostics;
using Fleet.Testing;

namespace Fleet.Redis.Tests.Streams;

/// <summary>XREAD: one and several streams, positions, COUNT, and BLOCK on a dedicated connection.</summary>
public sealed class StreamReadIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XReadAsync_FromPosition_ReturnsEntriesAfterIt(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        var ids = await StreamCommandsIntegrationTests.AddNumberedAsync(client, key, 3);

        var all = await client.XReadAsync(key, StreamPosition.Beginning, cancellationToken: ct);
        var afterFirst = await client.XReadAsync(key, ids[0].ToString(), count: 1, cancellationToken: ct);
        var afterLast = await client.XReadAsync(key, ids[2].ToString(), cancellationToken: ct);

        Assert.Equal(ids, all.Select(entry => entry.Id));
        Assert.Equal(0, all[0]["n"].ToInt64());
        Assert.Equal(ids[1], Assert.Single(afterFirst).Id);
        Assert.Empty(afterLast);
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XReadAsync_SeveralStreams_ReturnsOnlyThoseWithEntries(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var ct = TestContext.Current.CancellationToken;
        var first = TestKeys.Unique() + ":a";
        var second = TestKeys.Unique() + ":b";
        var empty = TestKeys.Unique() + ":c";
        var firstIds = await StreamCommandsIntegrationTests.AddNumberedAsync(client, first, 2);
        var secondIds = await StreamCommandsIntegrationTests.AddNumberedAsync(client, second, 3);

        var results = await client.XReadAsync(
            [new StreamPosition(first, "0"), new StreamPosition(second, secondIds[0]), new StreamPosition(empty, "0")],
            cancellationToken: ct);

        Assert.Equal([first, second], results.Select(result => result.Key));
        Assert.Equal(firstIds, results[0].Entries.Select(entry => entry.Id));
        Assert.Equal(secondIds[1..], results[1].Entries.Select(entry => entry.Id));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XReadAsync_BlockWithNothingNew_ReturnsEmptyAfterTheBlock(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        var ids = await StreamCommandsIntegrationTests.AddNumberedAsync(client, key, 1);
        var clock = Stopwatch.StartNew();

        var single = await client.XReadAsync(key, ids[0].ToString(), block: TimeSpan.FromMilliseconds(200), cancellationToken: ct);
        var several = await client.XReadAsync([new StreamPosition(key, ids[0])], block: TimeSpan.FromMilliseconds(200), cancellationToken: ct);

        Assert.Empty(single);
        Assert.Empty(several);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(350), $"Two 200 ms blocks took only {clock.Elapsed}.");
    }

    [Fact]
    public async Task XReadAsync_BlockedUntilAnotherClientAdds_ReturnsTheNewEntry()
    {
        await using var reader = await TestClients.ConnectAsync(redis.Server);
        await using var writer = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        var ids = await StreamCommandsIntegrationTests.AddNumberedAsync(writer, key, 1);

        var read = reader.XReadAsync(key, ids[0].ToString(), block: TimeSpan.FromSeconds(10), cancellationToken: ct).AsTask();
        await redis.Server.WaitForBlockedClientsAsync(1);
        Assert.False(read.IsCompleted);
        Assert.Equal("PONG", await reader.PingAsync(ct)); // the shared connection is free while the read blocks
        var added = await writer.XAddAsync(key, [new StreamField("n", "new")], cancellationToken: ct);

        var entry = Assert.Single(await read.WaitAsync(TimeSpan.FromSeconds(5), ct));
        Assert.Equal(added, entry.Id);
        Assert.Equal("new", entry["n"].ToString());
    }

    [Fact]
    public async Task XReadAsync_BlockCancelled_ThrowsAndLaterReadsWork()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        var ids = await StreamCommandsIntegrationTests.AddNumberedAsync(client, key, 2);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await client.XReadAsync(key, ids[1].ToString(), block: TimeSpan.FromSeconds(30), cancellationToken: cancel.Token));

        var again = await client.XReadAsync(key, ids[0].ToString(), block: TimeSpan.FromSeconds(1), cancellationToken: ct);
        Assert.Equal(ids[1], Assert.Single(again).Id);
    }

    [Fact]
    public async Task XReadAsync_InvalidBlock_Throws()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await client.XReadAsync("k", "0", block: TimeSpan.Zero, cancellationToken: ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await client.XReadAsync("k", "0", block: TimeSpan.FromSeconds(-1), cancellationToken: ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await client.XReadAsync("k", "0", count: 0, cancellationToken: ct));
    }
}
