using Fleet.Testing;

namespace Fleet.Redis.Tests.Commands;

public sealed class KeyCommandsIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task SetAsync_IfNotExistsOnExistingKey_ReturnsFalseAndKeepsValue(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();

        Assert.True(await client.SetAsync(key, "first", condition: SetCondition.IfNotExists, cancellationToken: Cancellation));
        Assert.False(await client.SetAsync(key, "second", condition: SetCondition.IfNotExists, cancellationToken: Cancellation));

        Assert.Equal("first", (string?)await client.GetAsync(key, Cancellation));
    }

    [Fact]
    public async Task SetAsync_IfExistsOnMissingKey_ReturnsFalseAndDoesNotCreate()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();

        Assert.False(await client.SetAsync(key, "value", condition: SetCondition.IfExists, cancellationToken: Cancellation));

        Assert.False(await client.ExistsAsync(key, Cancellation));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task SetAsync_WithExpiry_TimeToLiveShowsRemainingMilliseconds(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        var before = await client.ServerTimeAsync(Cancellation);

        await client.SetAsync(key, "value", TimeSpan.FromMilliseconds(60_500), cancellationToken: Cancellation);
        var ttl = await client.TimeToLiveAsync(key, Cancellation);
        var after = await client.ServerTimeAsync(Cancellation);

        Assert.True(ttl.KeyExists);
        Assert.True(ttl.HasExpiry);
        // PX keeps milliseconds: 60.5 s less only the server time that passed between the SET and the read (bounded by
        // TIME before and after, however busy this machine is), where a seconds-only EX would have cut it to 60 s.
        var passed = TimeSpan.FromMilliseconds(Math.Ceiling((after - before).TotalMilliseconds) + 1);
        Assert.InRange(ttl.Remaining!.Value, TimeSpan.FromMilliseconds(60_500) - passed, TimeSpan.FromMilliseconds(60_500));
    }

    [Fact]
    public async Task SetAsync_ShortExpiry_KeyDisappears()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();

        await client.SetAsync(key, "value", TimeSpan.FromMilliseconds(50), cancellationToken: Cancellation);

        await Eventually.TrueAsync(async () => (await client.GetAsync(key, Cancellation)).IsNull, "the key expired");
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task SetAsync_EveryByteValue_RoundTripsThroughGet(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        await client.SetAsync(key, bytes, cancellationToken: Cancellation);
        var value = await client.GetAsync(key, Cancellation);

        Assert.Equal(bytes, value.ToArray());
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task GetAsync_ManyKeys_ReturnsValuesInOrderWithNullForMissing(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        await client.SetAsync($"{key}:a", "1", cancellationToken: Cancellation);
        await client.SetAsync($"{key}:c", "3", cancellationToken: Cancellation);

        var values = await client.GetAsync([$"{key}:a", $"{key}:b", $"{key}:c"], Cancellation);

        Assert.Equal(3, values.Length);
        Assert.Equal("1", values[0].ToString());
        Assert.True(values[1].IsNull);
        Assert.Equal("3", values[2].ToString());
    }

    [Fact]
    public async Task DeleteAsync_ManyKeys_CountsOnlyThoseThatExisted()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        await client.SetAsync($"{key}:a", "1", cancellationToken: Cancellation);
        await client.SetAsync($"{key}:b", "2", cancellationToken: Cancellation);

        var deleted = await client.DeleteAsync([$"{key}:a", $"{key}:b", $"{key}:missing"], Cancellation);

        Assert.Equal(2, deleted);
        Assert.Equal(0, await client.ExistsAsync([$"{key}:a", $"{key}:b"], Cancellation));
        Assert.False(await client.DeleteAsync($"{key}:a", Cancellation));
    }

    [Fact]
    public async Task ExistsAsync_ManyKeys_CountsExistingOnes()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        await client.SetAsync($"{key}:a", "1", cancellationToken: Cancellation);

        Assert.Equal(1, await client.ExistsAsync([$"{key}:a", $"{key}:b"], Cancellation));
        Assert.True(await client.ExistsAsync($"{key}:a", Cancellation));
        Assert.False(await client.ExistsAsync($"{key}:b", Cancellation));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task ExpireAsync_ExistingKey_ReturnsTrueAndSetsTimeToLive(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        await client.SetAsync(key, "value", cancellationToken: Cancellation);
        var before = await client.ServerTimeAsync(Cancellation);

        Assert.True(await client.ExpireAsync(key, TimeSpan.FromSeconds(30), Cancellation));

        var ttl = await client.TimeToLiveAsync(key, Cancellation);
        var after = await client.ServerTimeAsync(Cancellation);
        var passed = TimeSpan.FromMilliseconds(Math.Ceiling((after - before).TotalMilliseconds) + 1);
        Assert.InRange(ttl.Remaining!.Value, TimeSpan.FromSeconds(30) - passed, TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task ExpireAsync_MissingKey_ReturnsFalse(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);

        Assert.False(await client.ExpireAsync(TestKeys.Unique(), TimeSpan.FromSeconds(30), Cancellation));
    }

    [Fact]
    public async Task ExpireAsync_ZeroExpiry_ThrowsWithoutSending()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ExpireAsync(TestKeys.Unique(), TimeSpan.Zero, Cancellation).AsTask());
    }

    [Fact]
    public async Task TimeToLiveAsync_MissingKey_ReportsMissing()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);

        var ttl = await client.TimeToLiveAsync(TestKeys.Unique(), Cancellation);

        Assert.Equal(KeyTimeToLive.Missing, ttl);
        Assert.False(ttl.KeyExists);
        Assert.Null(ttl.Remaining);
    }

    [Fact]
    public async Task TimeToLiveAsync_KeyWithoutExpiry_ReportsPersistent()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        await client.SetAsync(key, "value", cancellationToken: Cancellation);

        var ttl = await client.TimeToLiveAsync(key, Cancellation);

        Assert.Equal(KeyTimeToLive.Persistent, ttl);
        Assert.True(ttl.KeyExists);
        Assert.False(ttl.HasExpiry);
    }

    [Fact]
    public async Task PersistAsync_KeyWithExpiry_RemovesIt()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        await client.SetAsync(key, "value", TimeSpan.FromMinutes(1), cancellationToken: Cancellation);

        Assert.True(await client.PersistAsync(key, Cancellation));
        Assert.False(await client.PersistAsync(key, Cancellation));

        Assert.Equal(KeyTimeToLive.Persistent, await client.TimeToLiveAsync(key, Cancellation));
    }
}
