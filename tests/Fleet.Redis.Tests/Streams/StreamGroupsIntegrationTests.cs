using Fleet.Testing;

namespace Fleet.Redis.Tests.Streams;

/// <summary>XGROUP, XREADGROUP and XACK against a real server.</summary>
public sealed class StreamGroupsIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XReadGroupAsync_Undelivered_DeliversThenPendingThenAckRemoves(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        Assert.True(await client.XGroupCreateAsync(key, "g", StreamPosition.Latest, makeStream: true, cancellationToken: ct));
        var id = (await client.XAddAsync(key, [new StreamField("type", "file.uploaded")], cancellationToken: ct))!.Value;

        var delivered = await client.XReadGroupAsync("g", "c1", key, cancellationToken: ct);
        var again = await client.XReadGroupAsync("g", "c1", key, cancellationToken: ct);

        var entry = Assert.Single(delivered);
        Assert.Equal(id, entry.Id);
        Assert.Equal("file.uploaded", entry["type"].ToString());
        Assert.Empty(again);

        var summary = await client.XPendingAsync(key, "g", ct);
        Assert.Equal(1, summary.Count);
        Assert.Equal(id, summary.SmallestId);
        Assert.Equal(id, summary.LargestId);
        Assert.Equal([new StreamPendingConsumer("c1", 1)], summary.Consumers);
        var pending = Assert.Single(await client.XPendingAsync(key, "g", "-", "+", 10, cancellationToken: ct));
        Assert.Equal(id, pending.Id);
        Assert.Equal("c1", pending.Consumer);
        Assert.Equal(1, pending.DeliveryCount);

        Assert.Equal(1, await client.XAckAsync(key, "g", id, ct));
        Assert.Equal(0, await client.XAckAsync(key, "g", id, ct));
        var after = await client.XPendingAsync(key, "g", ct);
        Assert.Equal(0, after.Count);
        Assert.Null(after.SmallestId);
        Assert.Empty(after.Consumers);
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XReadGroupAsync_PendingEntryDeleted_ComesBackAsDeleted(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        var ids = await StreamCommandsIntegrationTests.AddNumberedAsync(client, key, 2);
        await client.XGroupCreateAsync(key, "g", "0", cancellationToken: ct);
        await client.XReadGroupAsync("g", "c1", key, cancellationToken: ct);
        await client.XDelAsync(key, ids[0], ct);

        var history = await client.XReadGroupAsync("g", "c1", key, StreamPosition.Beginning, cancellationToken: ct);

        Assert.Equal(ids, history.Select(entry => entry.Id));
        Assert.True(history[0].IsDeleted);
        Assert.Empty(history[0].Fields);
        Assert.True(history[0]["n"].IsNull);
        Assert.False(history[1].IsDeleted);
        Assert.Equal(1, history[1]["n"].ToInt64());
    }

    [Fact]
    public async Task XReadGroupAsync_CountAndNoAck_DeliversCountWithoutPending()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        var ids = await StreamCommandsIntegrationTests.AddNumberedAsync(client, key, 5);
        await client.XGroupCreateAsync(key, "g", "0", cancellationToken: ct);

        var batch = await client.XReadGroupAsync("g", "c1", key, count: 2, noAck: true, cancellationToken: ct);

        Assert.Equal(ids[..2], batch.Select(entry => entry.Id));
        Assert.Equal(0, (await client.XPendingAsync(key, "g", ct)).Count);
        Assert.Equal(ids[2..], (await client.XReadGroupAsync("g", "c1", key, cancellationToken: ct)).Select(entry => entry.Id));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XReadGroupAsync_SeveralStreams_ReadsEachFromItsPosition(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var ct = TestContext.Current.CancellationToken;
        var first = TestKeys.Unique() + ":a";
        var second = TestKeys.Unique() + ":b";
        var firstIds = await StreamCommandsIntegrationTests.AddNumberedAsync(client, first, 2);
        var secondIds = await StreamCommandsIntegrationTests.AddNumberedAsync(client, second, 1);
        await client.XGroupCreateAsync(first, "g", "0", cancellationToken: ct);
        await client.XGroupCreateAsync(second, "g", "0", cancellationToken: ct);

        var results = await client.XReadGroupAsync(
            "g", "c1", [new StreamPosition(first, StreamPosition.Undelivered), new StreamPosition(second, StreamPosition.Undelivered)], cancellationToken: ct);

        Assert.Equal([first, second], results.Select(result => result.Key));
        Assert.Equal(firstIds, results[0].Entries.Select(entry => entry.Id));
        Assert.Equal(secondIds, results[1].Entries.Select(entry => entry.Id));
        Assert.Equal(2, await client.XAckAsync(first, "g", firstIds, ct));
    }

    [Fact]
    public async Task XReadGroupAsync_BlockedUntilAnotherClientAdds_ReturnsTheNewEntry()
    {
        await using var reader = await TestClients.ConnectAsync(redis.Server);
        await using var writer = await TestClients.ConnectAsync(redis.Server, RedisProtocol.Resp2);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        await writer.XGroupCreateAsync(key, "g", makeStream: true, cancellationToken: ct);

        var read = reader.XReadGroupAsync("g", "c1", key, block: TimeSpan.FromMinutes(1), cancellationToken: ct).AsTask();
        await redis.Server.WaitForBlockedClientsAsync(1);

        // The blocked read sits on a dedicated connection: the same client's shared connection keeps flowing. Echoes
        // queued behind the read would be answered only once it returned, so it would be complete by now.
        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => reader.EchoAsync(i, ct).AsTask()));
        Assert.False(read.IsCompleted);
        Assert.Equal(1, await redis.Server.BlockedClientsAsync(ct));
        var added = await writer.XAddAsync(key, [new StreamField("type", "market.data.collected")], cancellationToken: ct);

        var entry = Assert.Single(await read.WaitAsync(TimeSpan.FromSeconds(5), ct));
        Assert.Equal(added, entry.Id);
        Assert.Equal("market.data.collected", entry["type"].ToString());
        Assert.Equal(1, (await writer.XPendingAsync(key, "g", ct)).Count);
    }

    [Fact]
    public async Task XReadGroupAsync_BlockTimesOut_ReturnsEmpty()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        await client.XGroupCreateAsync(key, "g", makeStream: true, cancellationToken: ct);

        Assert.Empty(await client.XReadGroupAsync("g", "c1", key, block: TimeSpan.FromMilliseconds(100), cancellationToken: ct));
        Assert.Empty(await client.XReadGroupAsync("g", "c1", [new StreamPosition(key, ">")], block: TimeSpan.FromMilliseconds(100), cancellationToken: ct));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task XReadGroupAsync_MissingGroup_ThrowsNoGroup(bool blocking)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        await StreamCommandsIntegrationTests.AddNumberedAsync(client, key, 1);

        var error = await Assert.ThrowsAsync<RedisServerException>(
            async () => await client.XReadGroupAsync("nope", "c1", key, block: blocking ? TimeSpan.FromSeconds(1) : null, cancellationToken: ct));

        Assert.Equal("NOGROUP", error.Prefix);
        Assert.True(error.Is("NOGROUP"));
    }

    [Fact]
    public async Task XGroupCreateAsync_ExistingGroup_ThrowsBusyGroup()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        await client.XGroupCreateAsync(key, "g", makeStream: true, cancellationToken: ct);

        var error = await Assert.ThrowsAsync<RedisServerException>(async () => await client.XGroupCreateAsync(key, "g", cancellationToken: ct));

        Assert.Equal("BUSYGROUP", error.Prefix);
    }

    [Fact]
    public async Task XGroupCreateAsync_MissingStreamWithoutMakeStream_ThrowsServerError()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;

        var error = await Assert.ThrowsAsync<RedisServerException>(async () => await client.XGroupCreateAsync(key, "g", cancellationToken: ct));

        Assert.Equal("ERR", error.Prefix);
        Assert.Equal(0, await client.XLenAsync(key, ct));
    }

    [Fact]
    public async Task XGroupCreateIfMissingAsync_CalledTwice_TrueThenFalse()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;

        Assert.True(await client.XGroupCreateIfMissingAsync(key, "g", makeStream: true, cancellationToken: ct));
        Assert.False(await client.XGroupCreateIfMissingAsync(key, "g", makeStream: true, cancellationToken: ct));
        Assert.Single(await client.XInfoGroupsAsync(key, ct));
    }

    [Fact]
    public async Task XGroupCreateAsync_EntriesRead_SetsGroupCounter()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        var ids = await StreamCommandsIntegrationTests.AddNumberedAsync(client, key, 4);

        await client.XGroupCreateAsync(key, "g", ids[1].ToString(), entriesRead: 2, cancellationToken: ct);

        var group = Assert.Single(await client.XInfoGroupsAsync(key, ct));
        Assert.Equal(2, group.EntriesRead);
        Assert.Equal(2, group.Lag);
        Assert.Equal(ids[1], group.LastDeliveredId);
    }

    [Fact]
    public async Task XGroupSetIdAsync_BackToStart_RedeliversEverything()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        var ids = await StreamCommandsIntegrationTests.AddNumberedAsync(client, key, 3);
        await client.XGroupCreateAsync(key, "g", StreamPosition.Latest, cancellationToken: ct);
        Assert.Empty(await client.XReadGroupAsync("g", "c1", key, cancellationToken: ct));

        Assert.True(await client.XGroupSetIdAsync(key, "g", "0", entriesRead: 0, cancellationToken: ct));

        Assert.Equal(3, Assert.Single(await client.XInfoGroupsAsync(key, ct)).Lag);
        Assert.Equal(ids, (await client.XReadGroupAsync("g", "c1", key, cancellationToken: ct)).Select(entry => entry.Id));
    }

    [Fact]
    public async Task XGroupDestroyAsync_ExistingThenMissing_TrueThenFalse()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        await client.XGroupCreateAsync(key, "g", makeStream: true, cancellationToken: ct);

        Assert.True(await client.XGroupDestroyAsync(key, "g", ct));
        Assert.False(await client.XGroupDestroyAsync(key, "g", ct));
        Assert.Empty(await client.XInfoGroupsAsync(key, ct));
    }

    [Fact]
    public async Task XGroupCreateConsumerAsync_NewThenExisting_TrueThenFalse()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        await client.XGroupCreateAsync(key, "g", makeStream: true, cancellationToken: ct);

        Assert.True(await client.XGroupCreateConsumerAsync(key, "g", "worker-1", ct));
        Assert.False(await client.XGroupCreateConsumerAsync(key, "g", "worker-1", ct));
        Assert.Equal("worker-1", Assert.Single(await client.XInfoConsumersAsync(key, "g", ct)).Name);
    }

    [Fact]
    public async Task XGroupDeleteConsumerAsync_ConsumerWithPending_ReturnsItsPendingCount()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        await StreamCommandsIntegrationTests.AddNumberedAsync(client, key, 2);
        await client.XGroupCreateAsync(key, "g", "0", cancellationToken: ct);
        await client.XReadGroupAsync("g", "dead", key, cancellationToken: ct);

        Assert.Equal(2, await client.XGroupDeleteConsumerAsync(key, "g", "dead", ct));

        Assert.Empty(await client.XInfoConsumersAsync(key, "g", ct));
        Assert.Equal(0, (await client.XPendingAsync(key, "g", ct)).Count);
        Assert.Equal(0, await client.XGroupDeleteConsumerAsync(key, "g", "dead", ct));
    }

    [Fact]
    public async Task XAckAsync_SeveralIds_CountsThoseThatWerePending()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        var ids = await StreamCommandsIntegrationTests.AddNumberedAsync(client, key, 3);
        await client.XGroupCreateAsync(key, "g", "0", cancellationToken: ct);
        await client.XReadGroupAsync("g", "c1", key, count: 2, cancellationToken: ct);

        Assert.Equal(2, await client.XAckAsync(key, "g", ids, ct));
        Assert.Equal(0, (await client.XPendingAsync(key, "g", ct)).Count);
    }
}
