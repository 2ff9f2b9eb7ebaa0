using Fleet.Testing;

namespace Fleet.Redis.Tests.Commands;

public sealed class SortedSetCommandsIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task SortedSetRangeByRankWithScoresAsync_WholeSet_ReturnsMembersInScoreOrderWithScores(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        await client.SortedSetAddAsync(key, [new("c", 3.5), new("a", -1), new("b", 2)], cancellationToken: Cancellation);

        var entries = await client.SortedSetRangeByRankWithScoresAsync(key, cancellationToken: Cancellation);

        Assert.Equal("a,b,c", string.Join(',', entries.Select(e => e.Member.ToString())));
        Assert.Equal("-1,2,3.5", string.Join(',', entries.Select(e => e.Score)));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task SortedSetRangeByRankWithScoresAsync_MissingKey_ReturnsEmpty(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);

        Assert.Empty(await client.SortedSetRangeByRankWithScoresAsync(TestKeys.Unique(), cancellationToken: Cancellation));
    }

    [Fact]
    public async Task SortedSetRangeByRankAsync_DescendingTopTwo_ReturnsHighestFirst()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        await client.SortedSetAddAsync(key, [new("a", 1), new("b", 2), new("c", 3)], cancellationToken: Cancellation);

        var members = await client.SortedSetRangeByRankAsync(key, 0, 1, descending: true, Cancellation);

        Assert.Equal("c,b", string.Join(',', members.Select(m => m.ToString())));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task SortedSetRangeByScoreWithScoresAsync_WithLimit_ReturnsThatPageOfTheScoreRange(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        await client.SortedSetAddAsync(key, Enumerable.Range(1, 10).Select(i => new SortedSetEntry($"m{i}", i)).ToArray(), cancellationToken: Cancellation);

        var page = await client.SortedSetRangeByScoreWithScoresAsync(key, 3, 8, offset: 1, count: 3, cancellationToken: Cancellation);

        Assert.Equal("m4,m5,m6", string.Join(',', page.Select(e => e.Member.ToString())));
        Assert.Equal("4,5,6", string.Join(',', page.Select(e => e.Score)));
    }

    [Fact]
    public async Task SortedSetRangeByScoreAsync_DescendingWithLimit_ReturnsHighestInRangeFirst()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        await client.SortedSetAddAsync(key, Enumerable.Range(1, 10).Select(i => new SortedSetEntry($"m{i}", i)).ToArray(), cancellationToken: Cancellation);

        var page = await client.SortedSetRangeByScoreAsync(key, 3, 8, offset: 0, count: 2, descending: true, Cancellation);

        Assert.Equal("m8,m7", string.Join(',', page.Select(m => m.ToString())));
    }

    [Fact]
    public async Task SortedSetRangeByScoreAsync_DefaultBounds_IncludeInfiniteScores()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        await client.SortedSetAddAsync(key, [new("low", double.NegativeInfinity), new("mid", 0), new("high", double.PositiveInfinity)], cancellationToken: Cancellation);

        var members = await client.SortedSetRangeByScoreAsync(key, cancellationToken: Cancellation);

        Assert.Equal("low,mid,high", string.Join(',', members.Select(m => m.ToString())));
        Assert.Equal(double.PositiveInfinity, await client.SortedSetScoreAsync(key, "high", Cancellation));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task SortedSetScoreAsync_PresentAndMissingMember_ReturnsScoreOrNull(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        await client.SortedSetAddAsync(key, "a", 1.25, cancellationToken: Cancellation);

        Assert.Equal(1.25, await client.SortedSetScoreAsync(key, "a", Cancellation));
        Assert.Null(await client.SortedSetScoreAsync(key, "missing", Cancellation));
        Assert.Null(await client.SortedSetScoreAsync(TestKeys.Unique(), "a", Cancellation));
    }

    [Fact]
    public async Task SortedSetAddAsync_IfNotExists_AddsNewMembersButKeepsExistingScores()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        await client.SortedSetAddAsync(key, "a", 1, cancellationToken: Cancellation);

        var added = await client.SortedSetAddAsync(key, [new("a", 10), new("b", 2)], SortedSetAddOptions.IfNotExists, Cancellation);

        Assert.Equal(1, added);
        Assert.Equal(1, await client.SortedSetScoreAsync(key, "a", Cancellation));
        Assert.Equal(2, await client.SortedSetScoreAsync(key, "b", Cancellation));
    }

    [Fact]
    public async Task SortedSetAddAsync_GreaterThanWithCountChanged_OnlyRaisesScoresAndCountsThem()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        await client.SortedSetAddAsync(key, [new("a", 5), new("b", 5)], cancellationToken: Cancellation);

        var changed = await client.SortedSetAddAsync(key, [new("a", 7), new("b", 3)], SortedSetAddOptions.GreaterThan | SortedSetAddOptions.CountChanged, Cancellation);

        Assert.Equal(1, changed);
        Assert.Equal(7, await client.SortedSetScoreAsync(key, "a", Cancellation));
        Assert.Equal(5, await client.SortedSetScoreAsync(key, "b", Cancellation));
    }

    [Fact]
    public async Task SortedSetAddAsync_IfExistsOnNewMember_DoesNotAdd()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();

        Assert.False(await client.SortedSetAddAsync(key, "a", 1, SortedSetAddOptions.IfExists, Cancellation));

        Assert.Equal(0, await client.SortedSetLengthAsync(key, Cancellation));
    }

    [Fact]
    public async Task SortedSetAddAsync_IfNotExistsWithGreaterThan_ThrowsArgumentException()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);

        await Assert.ThrowsAsync<ArgumentException>(() => client.SortedSetAddAsync(
            TestKeys.Unique(), "a", 1, SortedSetAddOptions.IfNotExists | SortedSetAddOptions.GreaterThan, Cancellation).AsTask());
    }

    [Fact]
    public async Task SortedSetRemoveAsync_ManyMembers_CountsRemovedAndShrinksSet()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        await client.SortedSetAddAsync(key, [new("a", 1), new("b", 2), new("c", 3)], cancellationToken: Cancellation);

        Assert.Equal(2, await client.SortedSetRemoveAsync(key, ["a", "b", "missing"], Cancellation));
        Assert.False(await client.SortedSetRemoveAsync(key, "a", Cancellation));

        Assert.Equal(1, await client.SortedSetLengthAsync(key, Cancellation));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task SortedSetIncrementAsync_MissingThenExistingMember_ReturnsNewScore(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();

        Assert.Equal(2.5, await client.SortedSetIncrementAsync(key, "a", 2.5, Cancellation));
        Assert.Equal(1.5, await client.SortedSetIncrementAsync(key, "a", -1, Cancellation));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task SortedSetPopMinAsync_Count_RemovesAndReturnsLowestFirst(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        await client.SortedSetAddAsync(key, [new("a", 1), new("b", 2), new("c", 3)], cancellationToken: Cancellation);

        var popped = await client.SortedSetPopMinAsync(key, 2, Cancellation);
        var single = await client.SortedSetPopMinAsync(key, cancellationToken: Cancellation);

        Assert.Equal(new[] { new SortedSetEntry("a", 1), new SortedSetEntry("b", 2) }, popped);
        Assert.Equal(new[] { new SortedSetEntry("c", 3) }, single);
        Assert.Empty(await client.SortedSetPopMinAsync(key, cancellationToken: Cancellation));
    }
}
