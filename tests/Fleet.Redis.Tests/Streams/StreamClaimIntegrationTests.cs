using System.Diagnostics;
using Fleet.Testing;

namespace Fleet.Redis.Tests.Streams;

/// <summary>XCLAIM, XAUTOCLAIM and extended XPENDING: moving a crashed consumer's work to a live one.</summary>
public sealed class StreamClaimIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    // Long enough that a claim made just before an assertion is still well below it on a loaded machine.
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(200);

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XClaimAsync_IdleLongEnough_MovesOwnershipAndCountsDelivery(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var (key, ids) = await PendingForCrashedConsumerAsync(client, 2);
        var ct = TestContext.Current.CancellationToken;

        Assert.Empty(await client.XClaimAsync(key, "g", "live", TimeSpan.FromHours(1), ids, ct));
        await WaitUntilIdleAsync(client, key);
        var sinceClaim = Stopwatch.StartNew();
        var claimed = await client.XClaimAsync(key, "g", "live", Idle, ids, ct);

        Assert.Equal(ids, claimed.Select(entry => entry.Id));
        Assert.Equal(1, claimed[1]["n"].ToInt64());
        var pending = await client.XPendingAsync(key, "g", "-", "+", 10, cancellationToken: ct);
        Assert.All(pending, entry => Assert.Equal("live", entry.Consumer));
        Assert.All(pending, entry => Assert.Equal(2, entry.DeliveryCount));
        var elapsed = sinceClaim.Elapsed + TimeSpan.FromMilliseconds(2);
        Assert.All(pending, entry => Assert.True(entry.Idle <= elapsed, $"Idle {entry.Idle} was not reset by the claim {elapsed} ago."));
    }

    [Fact]
    public async Task XClaimIdsAsync_JustId_MovesOwnershipWithoutCountingDelivery()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var (key, ids) = await PendingForCrashedConsumerAsync(client, 2);
        var ct = TestContext.Current.CancellationToken;
        await WaitUntilIdleAsync(client, key);

        var claimed = await client.XClaimIdsAsync(key, "g", "live", Idle, [ids[1]], ct);

        Assert.Equal([ids[1]], claimed);
        var pending = await client.XPendingAsync(key, "g", "-", "+", 10, cancellationToken: ct);
        Assert.Equal(["crashed", "live"], pending.Select(entry => entry.Consumer));
        Assert.Equal([1L, 1L], pending.Select(entry => entry.DeliveryCount));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XAutoClaimAsync_IdleEntriesAndDeletedOne_ClaimsLiveAndReportsDeleted(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var (key, ids) = await PendingForCrashedConsumerAsync(client, 3);
        var ct = TestContext.Current.CancellationToken;
        await client.XDelAsync(key, ids[1], ct);

        var tooSoon = await client.XAutoClaimAsync(key, "g", "live", TimeSpan.FromHours(1), cancellationToken: ct);
        await WaitUntilIdleAsync(client, key);
        var result = await client.XAutoClaimAsync(key, "g", "live", Idle, cancellationToken: ct);

        // Redis drops a deleted entry from the pending list when the scan meets it, however idle it is.
        Assert.Empty(tooSoon.Entries);
        Assert.Equal([ids[1]], tooSoon.DeletedIds);
        Assert.Equal([ids[0], ids[2]], result.Entries.Select(entry => entry.Id));
        Assert.Equal(2, result.Entries[1]["n"].ToInt64());
        Assert.Empty(result.DeletedIds);
        Assert.Equal(RedisStreamId.Zero, result.NextStart);
        var summary = await client.XPendingAsync(key, "g", ct);
        Assert.Equal(2, summary.Count);
        Assert.Equal([new StreamPendingConsumer("live", 2)], summary.Consumers);
    }

    [Fact]
    public async Task XAutoClaimAsync_CountSmallerThanPending_ContinuesFromNextStart()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var (key, ids) = await PendingForCrashedConsumerAsync(client, 5);
        var ct = TestContext.Current.CancellationToken;
        await WaitUntilIdleAsync(client, key);

        var claimed = new List<RedisStreamId>();
        var start = RedisStreamId.Zero;
        var calls = 0;
        do
        {
            var result = await client.XAutoClaimAsync(key, "g", "live", Idle, start, count: 2, ct);
            claimed.AddRange(result.Entries.Select(entry => entry.Id));
            start = result.NextStart;
            calls++;
        }
        while (start != RedisStreamId.Zero && calls < 10);

        Assert.Equal(ids, claimed);
        Assert.Equal(3, calls);
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XPendingAsync_ConsumerAndIdleFilters_SelectEntries(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var (key, ids) = await PendingForCrashedConsumerAsync(client, 3);
        var ct = TestContext.Current.CancellationToken;
        await WaitUntilIdleAsync(client, key);
        await client.XClaimIdsAsync(key, "g", "live", TimeSpan.Zero, [ids[2]], ct);

        var crashed = await client.XPendingAsync(key, "g", "-", "+", 10, consumer: "crashed", cancellationToken: ct);
        var idle = await client.XPendingAsync(key, "g", "-", "+", 10, minIdle: Idle, cancellationToken: ct);
        var firstOnly = await client.XPendingAsync(key, "g", "-", "+", 1, cancellationToken: ct);
        var range = await client.XPendingAsync(key, "g", "(" + ids[0], ids[1].ToString(), 10, cancellationToken: ct);

        Assert.Equal(ids[..2], crashed.Select(entry => entry.Id));
        Assert.Equal(ids[..2], idle.Select(entry => entry.Id));
        Assert.All(idle, entry => Assert.True(entry.Idle >= Idle));
        Assert.Equal(ids[0], Assert.Single(firstOnly).Id);
        Assert.Equal(ids[1], Assert.Single(range).Id);
    }

    [Fact]
    public async Task XPendingAsync_MissingGroup_ThrowsNoGroup()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var ct = TestContext.Current.CancellationToken;

        var summary = await Assert.ThrowsAsync<RedisServerException>(async () => await client.XPendingAsync(TestKeys.Unique(), "g", ct));
        var extended = await Assert.ThrowsAsync<RedisServerException>(async () => await client.XPendingAsync(TestKeys.Unique(), "g", "-", "+", 1, cancellationToken: ct));

        Assert.Equal("NOGROUP", summary.Prefix);
        Assert.Equal("NOGROUP", extended.Prefix);
    }

    /// <summary>Waits until every entry pending in group "g" has been idle for <see cref="Idle"/>, as the server counts it (XPENDING).</summary>
    private static Task WaitUntilIdleAsync(RedisClient client, string key) =>
        Eventually.TrueAsync(
            async () => (await client.XPendingAsync(key, "g", "-", "+", 100, cancellationToken: TestContext.Current.CancellationToken)).All(entry => entry.Idle >= Idle),
            $"every entry pending on {key} was idle for {Idle.TotalMilliseconds} ms");

    /// <summary>A stream whose entries were all delivered to consumer "crashed" of group "g" and never acknowledged.</summary>
    private static async Task<(string Key, RedisStreamId[] Ids)> PendingForCrashedConsumerAsync(RedisClient client, int count, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var key = TestKeys.Unique(test);
        var ids = await StreamCommandsIntegrationTests.AddNumberedAsync(client, key, count);
        await client.XGroupCreateAsync(key, "g", "0", cancellationToken: TestContext.Current.CancellationToken);
        var delivered = await client.XReadGroupAsync("g", "crashed", key, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(count, delivered.Count);
        return (key, ids);
    }
}
