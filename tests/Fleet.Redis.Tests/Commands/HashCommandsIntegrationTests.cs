using Fleet.Testing;

namespace Fleet.Redis.Tests.Commands;

public sealed class HashCommandsIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task HashGetAllAsync_HashWithFields_ReturnsEveryFieldAndValue(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        await client.HashSetAsync(key, [new("name", "fleet"), new("count", 42), new("empty", "")], Cancellation);

        var all = await client.HashGetAllAsync(key, Cancellation);

        Assert.Equal(3, all.Count);
        Assert.Equal("fleet", all["name"].ToString());
        Assert.Equal(42, all["count"].ToInt64());
        Assert.True(all["empty"].IsNullOrEmpty);
        Assert.False(all["empty"].IsNull);
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task HashGetAllAsync_MissingKey_ReturnsEmpty(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);

        Assert.Empty(await client.HashGetAllAsync(TestKeys.Unique(), Cancellation));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task HashSetAsync_EveryByteValue_RoundTripsThroughHashGet(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        Assert.True(await client.HashSetAsync(key, "payload", bytes, Cancellation));

        Assert.Equal(bytes, (await client.HashGetAsync(key, "payload", Cancellation)).ToArray());
        Assert.Equal(bytes, (await client.HashGetAllAsync(key, Cancellation))["payload"].ToArray());
    }

    [Fact]
    public async Task HashSetAsync_NewAndExistingFields_CountsOnlyNewOnes()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        await client.HashSetAsync(key, "a", "1", Cancellation);

        var added = await client.HashSetAsync(key, new Dictionary<string, RedisValue> { ["a"] = "2", ["b"] = "3" }, Cancellation);

        Assert.Equal(1, added);
        Assert.False(await client.HashSetAsync(key, "a", "4", Cancellation));
        Assert.Equal("4", (await client.HashGetAsync(key, "a", Cancellation)).ToString());
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task HashGetAsync_ManyFields_ReturnsValuesInOrderWithNullForMissing(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        await client.HashSetAsync(key, [new("a", "1"), new("c", "3")], Cancellation);

        var values = await client.HashGetAsync(key, ["a", "b", "c"], Cancellation);

        Assert.Equal("1,,3", string.Join(',', values.Select(v => v.ToString())));
        Assert.True(values[1].IsNull);
        Assert.True((await client.HashGetAsync(key, "b", Cancellation)).IsNull);
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task HashExistsAsync_PresentAndMissingField_TellsThemApart(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        await client.HashSetAsync(key, "a", "1", Cancellation);

        Assert.True(await client.HashExistsAsync(key, "a", Cancellation));
        Assert.False(await client.HashExistsAsync(key, "b", Cancellation));
    }

    [Fact]
    public async Task HashDeleteAsync_ManyFields_CountsRemovedAndShrinksHash()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        await client.HashSetAsync(key, [new("a", "1"), new("b", "2"), new("c", "3")], Cancellation);

        Assert.Equal(2, await client.HashDeleteAsync(key, ["a", "b", "missing"], Cancellation));
        Assert.False(await client.HashDeleteAsync(key, "a", Cancellation));

        Assert.Equal(1, await client.HashLengthAsync(key, Cancellation));
        Assert.Equal(0, await client.HashLengthAsync(TestKeys.Unique(), Cancellation));
    }

    [Fact]
    public async Task HashIncrementAsync_MissingThenExistingField_ReturnsRunningTotal()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();

        Assert.Equal(5, await client.HashIncrementAsync(key, "n", 5, Cancellation));
        Assert.Equal(3, await client.HashIncrementAsync(key, "n", -2, Cancellation));
        Assert.Equal(4, await client.HashIncrementAsync(key, "n", cancellationToken: Cancellation));
    }

    [Fact]
    public async Task HashGetAsync_KeyHoldsString_ThrowsWrongType()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        await client.SetAsync(key, "text", cancellationToken: Cancellation);

        var error = await Assert.ThrowsAsync<RedisServerException>(() => client.HashGetAsync(key, "a", Cancellation).AsTask());

        Assert.True(error.Is("WRONGTYPE"));
    }
}
