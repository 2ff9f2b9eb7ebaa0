using Fleet.Testing;

namespace Fleet.Redis.Tests.Streams;

/// <summary>XINFO STREAM / GROUPS / CONSUMERS against a real server, in both protocols.</summary>
public sealed class StreamInfoIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XInfoStreamAsync_StreamWithDeletion_MatchesState(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        var ids = await StreamCommandsIntegrationTests.AddNumberedAsync(client, key, 4);
        await client.XGroupCreateAsync(key, "g1", cancellationToken: ct);
        await client.XGroupCreateAsync(key, "g2", cancellationToken: ct);
        await client.XDelAsync(key, ids[0], ct);

        var info = await client.XInfoStreamAsync(key, ct);

        Assert.Equal(3, info.Length);
        Assert.Equal(2, info.Groups);
        Assert.Equal(ids[3], info.LastGeneratedId);
        Assert.Equal(ids[1], info.FirstEntry?.Id);
        Assert.Equal(1, info.FirstEntry?["n"].ToInt64());
        Assert.Equal(ids[3], info.LastEntry?.Id);
        Assert.True(info.RadixTreeKeys >= 1);
        Assert.True(info.RadixTreeNodes >= 1);
        // Redis 7 fields; the test server is 7.x.
        Assert.Equal(4, info.EntriesAdded);
        Assert.Equal(ids[0], info.MaxDeletedEntryId);
        Assert.Equal(ids[1], info.RecordedFirstEntryId);
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XInfoStreamAsync_EmptyStream_HasNoFirstOrLastEntry(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        await client.XGroupCreateAsync(key, "g", makeStream: true, cancellationToken: ct);

        var info = await client.XInfoStreamAsync(key, ct);

        Assert.Equal(0, info.Length);
        Assert.Null(info.FirstEntry);
        Assert.Null(info.LastEntry);
        Assert.Equal(RedisStreamId.Zero, info.LastGeneratedId);
    }

    [Fact]
    public async Task XInfoStreamAsync_MissingStream_ThrowsServerError()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);

        var error = await Assert.ThrowsAsync<RedisServerException>(
            async () => await client.XInfoStreamAsync(TestKeys.Unique(), TestContext.Current.CancellationToken));

        Assert.Equal("ERR", error.Prefix);
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XInfoGroupsAsync_PartlyReadGroup_ReportsPendingPositionAndLag(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        var ids = await StreamCommandsIntegrationTests.AddNumberedAsync(client, key, 3);
        await client.XGroupCreateAsync(key, "readers", "0", cancellationToken: ct);
        await client.XGroupCreateAsync(key, "idle", StreamPosition.Latest, cancellationToken: ct);
        await client.XReadGroupAsync("readers", "c1", key, count: 2, cancellationToken: ct);
        await client.XReadGroupAsync("readers", "c2", key, count: 1, cancellationToken: ct);
        await client.XAckAsync(key, "readers", ids[2], ct);

        var groups = (await client.XInfoGroupsAsync(key, ct)).OrderBy(group => group.Name, StringComparer.Ordinal).ToArray();

        Assert.Equal(["idle", "readers"], groups.Select(group => group.Name));
        var readers = groups[1];
        Assert.Equal(2, readers.Consumers);
        Assert.Equal(2, readers.Pending);
        Assert.Equal(ids[2], readers.LastDeliveredId);
        Assert.Equal(3, readers.EntriesRead);
        Assert.Equal(0, readers.Lag);
        var idle = groups[0];
        Assert.Equal(0, idle.Consumers);
        Assert.Equal(0, idle.Pending);
        Assert.Equal(ids[2], idle.LastDeliveredId);
        Assert.Equal(0, idle.Lag);
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XInfoConsumersAsync_TwoConsumers_ReportsPendingAndIdle(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        await StreamCommandsIntegrationTests.AddNumberedAsync(client, key, 3);
        await client.XGroupCreateAsync(key, "g", "0", cancellationToken: ct);
        await client.XReadGroupAsync("g", "busy", key, count: 2, cancellationToken: ct);
        await Task.Delay(100, ct);
        await client.XReadGroupAsync("g", "light", key, count: 1, cancellationToken: ct);

        var consumers = (await client.XInfoConsumersAsync(key, "g", ct)).OrderBy(consumer => consumer.Name, StringComparer.Ordinal).ToArray();

        Assert.Equal(["busy", "light"], consumers.Select(consumer => consumer.Name));
        Assert.Equal([2L, 1L], consumers.Select(consumer => consumer.Pending));
        Assert.InRange(consumers[0].Idle, TimeSpan.FromMilliseconds(90), TimeSpan.FromMinutes(1));
        Assert.True(consumers[1].Idle < consumers[0].Idle);
    }

    [Fact]
    public async Task XInfoConsumersAsync_MissingGroup_ThrowsNoGroup()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        await StreamCommandsIntegrationTests.AddNumberedAsync(client, key, 1);

        var error = await Assert.ThrowsAsync<RedisServerException>(async () => await client.XInfoConsumersAsync(key, "missing", ct));

        Assert.Equal("NOGROUP", error.Prefix);
    }
}
