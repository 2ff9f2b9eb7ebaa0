using Fleet.Testing;

namespace Fleet.Redis.Tests.Streams;

/// <summary>XADD, XRANGE, XREVRANGE, XLEN, XTRIM and XDEL against a real server, in both protocols.</summary>
public sealed class StreamCommandsIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XAddAsync_SeveralEntries_ReturnsIncreasingIdsAndKeepsFieldOrder(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;

        var first = await client.XAddAsync(key, [new StreamField("type", "a"), new StreamField("n", 1)], cancellationToken: ct);
        var second = await client.XAddAsync(key, [new StreamField("type", "b"), new StreamField("n", 2)], cancellationToken: ct);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.True(second > first);
        var entries = await client.XRangeAsync(key, cancellationToken: ct);
        Assert.Equal([first.Value, second.Value], entries.Select(entry => entry.Id));
        Assert.Equal(["type", "n"], entries[1].Fields.Select(field => field.Name));
        Assert.Equal("b", entries[1]["type"].ToString());
        Assert.Equal(2, entries[1]["n"].ToInt64());
        Assert.True(entries[1]["missing"].IsNull);
    }

    [Fact]
    public async Task XAddAsync_ManyConcurrentAdds_AllIdsDistinctAndStreamOrdered()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;

        var adds = Enumerable.Range(0, 200)
            .Select(i => client.XAddAsync(key, [new StreamField("i", i)], cancellationToken: ct).AsTask());
        var ids = (await Task.WhenAll(adds)).Select(id => id!.Value).ToArray();

        Assert.Equal(200, ids.Distinct().Count());
        var stored = await client.XRangeAsync(key, cancellationToken: ct);
        Assert.Equal(ids.Order(), stored.Select(entry => entry.Id));
    }

    [Fact]
    public async Task XAddAsync_ExplicitId_UsesItAndRejectsSmallerOne()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;

        var id = await client.XAddAsync(key, [new StreamField("f", "v")], id: "5-1", cancellationToken: ct);

        Assert.Equal(new RedisStreamId(5, 1), id);
        var error = await Assert.ThrowsAsync<RedisServerException>(
            async () => await client.XAddAsync(key, [new StreamField("f", "v")], id: "5-0", cancellationToken: ct));
        Assert.Equal("ERR", error.Prefix);
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XAddAsync_NoMakeStreamOnMissingStream_ReturnsNullAndCreatesNothing(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;

        var id = await client.XAddAsync(key, [new StreamField("f", "v")], noMakeStream: true, cancellationToken: ct);

        Assert.Null(id);
        Assert.Equal(0, await client.XLenAsync(key, ct));
        Assert.True((await client.GetAsync(key, ct)).IsNull);
    }

    [Fact]
    public async Task XAddAsync_NoMakeStreamOnExistingStream_Adds()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        await client.XAddAsync(key, [new StreamField("f", "1")], cancellationToken: ct);

        var id = await client.XAddAsync(key, [new StreamField("f", "2")], noMakeStream: true, cancellationToken: ct);

        Assert.NotNull(id);
        Assert.Equal(2, await client.XLenAsync(key, ct));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XAddAsync_BinaryValuesAndUnicodeNames_RoundTrip(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        var binary = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var crlf = "line1\r\nline2\r\n$-1\r\n"u8.ToArray();

        var id = await client.XAddAsync(
            key,
            [new StreamField("bin", binary), new StreamField("crlf", crlf), new StreamField("empty", ""), new StreamField("naïve-名前", "ü")],
            cancellationToken: ct);

        var entry = Assert.Single(await client.XRangeAsync(key, cancellationToken: ct));
        Assert.Equal(id, entry.Id);
        Assert.Equal(binary, entry["bin"].ToArray());
        Assert.Equal(crlf, entry["crlf"].ToArray());
        Assert.True(entry["empty"].IsNullOrEmpty);
        Assert.False(entry["empty"].IsNull);
        Assert.Equal("ü", entry["naïve-名前"].ToString());
    }

    [Fact]
    public async Task XAddAsync_SpanOfReusedArray_WritesOnlyTheSlice()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        var buffer = new[] { new StreamField("a", 1), new StreamField("b", 2), new StreamField("stale", 3) };

        await client.XAddAsync(key, buffer.AsSpan(0, 2), cancellationToken: ct);

        var entry = Assert.Single(await client.XRangeAsync(key, cancellationToken: ct));
        Assert.Equal(["a", "b"], entry.Fields.Select(field => field.Name));
    }

    [Fact]
    public async Task XAddAsync_NoFields_ThrowsWithoutSending()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<ArgumentException>(async () => await client.XAddAsync(TestKeys.Unique(), Array.Empty<StreamField>(), cancellationToken: ct));
        await Assert.ThrowsAsync<ArgumentException>(async () => await client.XAddAsync(TestKeys.Unique(), [new StreamField("a", 1)], trim: default(StreamTrim), cancellationToken: ct));
        Assert.Equal("PONG", await client.PingAsync(ct));
    }

    [Fact]
    public async Task XAddAsync_ExactMaxLength_KeepsNewestEntries()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        var ids = new List<RedisStreamId>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add((await client.XAddAsync(key, [new StreamField("i", i)], StreamTrim.MaxLength(3), cancellationToken: ct))!.Value);
        }

        Assert.Equal(3, await client.XLenAsync(key, ct));
        Assert.Equal(ids[^3..], (await client.XRangeAsync(key, cancellationToken: ct)).Select(entry => entry.Id));
    }

    [Fact]
    public async Task XAddAsync_ApproximateMaxLength_TrimsWholeNodes()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;

        // stream-node-max-entries is 100 by default, so ~ 150 keeps between 150 and 250 of 600 entries.
        for (var i = 0; i < 600; i++)
        {
            await client.XAddAsync(key, [new StreamField("i", i)], StreamTrim.MaxLength(150, approximate: true), cancellationToken: ct);
        }

        Assert.InRange(await client.XLenAsync(key, ct), 150, 250);
    }

    [Fact]
    public async Task XTrimAsync_ExactMaxLength_ReturnsDeletedCount()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        await AddNumberedAsync(client, key, 5);

        Assert.Equal(3, await client.XTrimAsync(key, StreamTrim.MaxLength(2), ct));
        Assert.Equal(2, await client.XLenAsync(key, ct));
        Assert.Equal(0, await client.XTrimAsync(key, StreamTrim.MaxLength(2), ct));
    }

    [Fact]
    public async Task XTrimAsync_MinId_DropsOlderEntries()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        var ids = await AddNumberedAsync(client, key, 5);

        Assert.Equal(2, await client.XTrimAsync(key, StreamTrim.MinId(ids[2]), ct));
        Assert.Equal(ids[2..], (await client.XRangeAsync(key, cancellationToken: ct)).Select(entry => entry.Id));
    }

    [Fact]
    public async Task XTrimAsync_ApproximateWithLimit_EvictsAtMostLimit()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        await AddNumberedAsync(client, key, 500);

        var deleted = await client.XTrimAsync(key, StreamTrim.MaxLength(0, approximate: true, limit: 100), ct);

        Assert.InRange(deleted, 1, 100);
        Assert.Equal(500 - deleted, await client.XLenAsync(key, ct));
    }

    [Fact]
    public async Task XDelAsync_ExistingAndMissingIds_CountsOnlyExisting()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        var ids = await AddNumberedAsync(client, key, 3);

        Assert.Equal(2, await client.XDelAsync(key, [ids[0], ids[2], new RedisStreamId(1, 1)], ct));
        Assert.Equal(0, await client.XDelAsync(key, ids[0], ct));
        Assert.Equal(1, await client.XDelAsync(key, ids[1], ct));
        Assert.Equal(0, await client.XLenAsync(key, ct));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XRangeAsync_BoundsAndCount_SelectEntries(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        var ids = await AddNumberedAsync(client, key, 5);

        Assert.Equal(ids[..2], (await client.XRangeAsync(key, count: 2, cancellationToken: ct)).Select(entry => entry.Id));
        Assert.Equal(ids[1..4], (await client.XRangeAsync(key, ids[1].ToString(), ids[3].ToString(), cancellationToken: ct)).Select(entry => entry.Id));
        Assert.Equal(ids[2..], (await client.XRangeAsync(key, "(" + ids[1], cancellationToken: ct)).Select(entry => entry.Id));
        Assert.Empty(await client.XRangeAsync(TestKeys.Unique(), cancellationToken: ct));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XRevRangeAsync_WholeStream_ReturnsNewestFirst(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        var ids = await AddNumberedAsync(client, key, 4);

        Assert.Equal(ids.AsEnumerable().Reverse(), (await client.XRevRangeAsync(key, cancellationToken: ct)).Select(entry => entry.Id));
        Assert.Equal([ids[3], ids[2]], (await client.XRevRangeAsync(key, count: 2, cancellationToken: ct)).Select(entry => entry.Id));
        Assert.Equal([ids[2], ids[1]], (await client.XRevRangeAsync(key, ids[2].ToString(), ids[1].ToString(), cancellationToken: ct)).Select(entry => entry.Id));
    }

    [Fact]
    public async Task XLenAsync_WrongType_ThrowsWrongType()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        await client.SetAsync(key, "not a stream", cancellationToken: ct);

        var error = await Assert.ThrowsAsync<RedisServerException>(async () => await client.XLenAsync(key, ct));

        Assert.Equal("WRONGTYPE", error.Prefix);
    }

    internal static async Task<RedisStreamId[]> AddNumberedAsync(RedisClient client, string key, int count)
    {
        var ids = new RedisStreamId[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = (await client.XAddAsync(key, [new StreamField("n", i)], cancellationToken: TestContext.Current.CancellationToken))!.Value;
        }

        return ids;
    }
}
