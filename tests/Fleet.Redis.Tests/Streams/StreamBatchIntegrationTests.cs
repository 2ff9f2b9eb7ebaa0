using Fleet.Testing;

namespace Fleet.Redis.Tests.Streams;

/// <summary>XAddBatchAsync: many XADDs written back to back and flushed once.</summary>
public sealed class StreamBatchIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XAddBatchAsync_ManyEntries_AddsThemInOrderAndReturnsTheirIds(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        var entries = Enumerable.Range(0, 1000).Select(i => (IReadOnlyList<StreamField>)[new StreamField("n", i), new StreamField("pad", new string('p', i % 50))]).ToList();

        var ids = await client.XAddBatchAsync(key, entries, StreamTrim.MaxLength(10_000), Cancel);

        var stored = await client.XRangeAsync(key, cancellationToken: Cancel);
        Assert.Equal(1000, ids.Length);
        Assert.Equal(ids.Select(id => id!.Value), stored.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), stored.Select(e => e["n"].ToInt64()));
    }

    [Fact]
    public async Task XAddBatchAsync_KeyOfAnotherType_ThrowsTheServerErrorAfterEveryReply()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        await client.SetAsync(key, "not a stream", cancellationToken: Cancel);

        var error = await Assert.ThrowsAsync<RedisServerException>(async () =>
            await client.XAddBatchAsync(key, [[new StreamField("a", 1)], [new StreamField("b", 2)]], cancellationToken: Cancel));

        Assert.True(error.Is("WRONGTYPE"));
        Assert.Equal("PONG", await client.PingAsync(Cancel));
    }

    [Fact]
    public async Task XAddBatchAsync_EntryWithoutFields_ThrowsAndSendsNothing()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();

        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await client.XAddBatchAsync(key, [[new StreamField("a", 1)], []], cancellationToken: Cancel));

        Assert.Equal(0, await client.XLenAsync(key, Cancel));
    }
}
