using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.Events.Tests.Transport;

/// <content>The pending list: XAUTOCLAIM and XPENDING.</content>
public abstract partial class EventTransportContract
{
    [Fact]
    public async Task AutoClaimAsync_IdleEntries_MovesThemWithADeliveryMore()
    {
        var stream = NewStream();
        var ids = await GroupWithEntriesAsync(stream, "g", "a", "b");
        await Transport.ReadGroupAsync(stream, "g", "c1", ">", 10, block: null, Cancel);
        await Eventually.TrueAsync(
            async () => (await Transport.PendingAsync(stream, "g", RedisStreamId.Zero, RedisStreamId.MaxValue, 10, consumer: null, Cancel)).All(entry => entry.Idle >= TimeSpan.FromMilliseconds(100)),
            "both entries were idle for 100 ms");

        // A witness: the same entries delivered in another group now, before the claim. A claim that resets the idle time
        // leaves them no more idle than the witness, read after them; without the reset they would be 100 ms more idle.
        await Transport.EnsureGroupAsync(stream, "w", "0", Cancel);
        await Transport.ReadGroupAsync(stream, "w", "cw", ">", 10, block: null, Cancel);
        var result = await Transport.AutoClaimAsync(stream, "g", "c2", TimeSpan.FromMilliseconds(100), RedisStreamId.Zero, 10, Cancel);

        Assert.Equal(ids, result.Entries.Select(entry => entry.Id));
        Assert.Equal(["a", "b"], result.Entries.Select(ValueOf));
        Assert.Empty(result.DeletedIds);
        Assert.Equal(RedisStreamId.Zero, result.NextStart);
        var pending = await Transport.PendingAsync(stream, "g", RedisStreamId.Zero, RedisStreamId.MaxValue, 10, consumer: null, Cancel);
        var witness = (await Transport.PendingAsync(stream, "w", RedisStreamId.Zero, RedisStreamId.MaxValue, 10, consumer: null, Cancel)).Min(entry => entry.Idle);
        Assert.All(pending, entry => Assert.Equal(("c2", 2L), (entry.Consumer, entry.DeliveryCount)));
        Assert.All(pending, entry => Assert.True(entry.Idle <= witness, $"claiming resets idle time, was {entry.Idle} against the witness's {witness}"));
    }

    [Fact]
    public async Task AutoClaimAsync_EntriesNotIdleEnough_ClaimsNothing()
    {
        var stream = NewStream();
        await GroupWithEntriesAsync(stream, "g", "a", "b");
        await Transport.ReadGroupAsync(stream, "g", "c1", ">", 10, block: null, Cancel);

        var result = await Transport.AutoClaimAsync(stream, "g", "c2", TimeSpan.FromMinutes(1), RedisStreamId.Zero, 10, Cancel);

        Assert.Empty(result.Entries);
        Assert.Empty(result.DeletedIds);
        Assert.Equal(RedisStreamId.Zero, result.NextStart);
        var pending = await Transport.PendingAsync(stream, "g", RedisStreamId.Zero, RedisStreamId.MaxValue, 10, consumer: null, Cancel);
        Assert.All(pending, entry => Assert.Equal(("c1", 1L), (entry.Consumer, entry.DeliveryCount)));
    }

    [Fact]
    public async Task AutoClaimAsync_MoreThanCount_ReturnsWhereToContinue()
    {
        var stream = NewStream();
        var ids = await GroupWithEntriesAsync(stream, "g", "a", "b", "c");
        await Transport.ReadGroupAsync(stream, "g", "c1", ">", 10, block: null, Cancel);

        var first = await Transport.AutoClaimAsync(stream, "g", "c2", TimeSpan.Zero, RedisStreamId.Zero, 2, Cancel);
        var second = await Transport.AutoClaimAsync(stream, "g", "c2", TimeSpan.Zero, first.NextStart, 2, Cancel);

        Assert.Equal(ids[..2], first.Entries.Select(entry => entry.Id));
        Assert.Equal(ids[2], first.NextStart);
        Assert.Equal([ids[2]], second.Entries.Select(entry => entry.Id));
        Assert.Equal(RedisStreamId.Zero, second.NextStart);
    }

    [Fact]
    public async Task AutoClaimAsync_ManyNotIdle_ScansAtMostTenTimesCount()
    {
        var stream = NewStream();
        var ids = await GroupWithEntriesAsync(stream, "g", [.. Enumerable.Range(0, 25).Select(i => $"v{i}")]);
        await Transport.ReadGroupAsync(stream, "g", "c1", ">", 100, block: null, Cancel);

        // XAUTOCLAIM examines at most COUNT*10 pending entries per call and returns the next one to scan.
        var result = await Transport.AutoClaimAsync(stream, "g", "c2", TimeSpan.FromMinutes(1), RedisStreamId.Zero, 1, Cancel);

        Assert.Empty(result.Entries);
        Assert.Equal(ids[10], result.NextStart);
    }

    [Fact]
    public async Task AutoClaimAsync_TrimmedEntries_ReportedAsDeletedAndRemovedFromPending()
    {
        var stream = NewStream();
        var ids = await GroupWithEntriesAsync(stream, "g", "a", "b", "c");
        await Transport.ReadGroupAsync(stream, "g", "c1", ">", 10, block: null, Cancel);
        await Transport.AppendAsync(stream, Fields("d"), StreamTrim.MinId(ids[2]), Cancel);

        // Deleted entries leave the pending list whatever their idle time.
        var result = await Transport.AutoClaimAsync(stream, "g", "c2", TimeSpan.FromMinutes(1), RedisStreamId.Zero, 10, Cancel);

        Assert.Empty(result.Entries);
        Assert.Equal(ids[..2], result.DeletedIds);
        Assert.Equal(RedisStreamId.Zero, result.NextStart);
        var pending = Assert.Single(await Transport.PendingAsync(stream, "g", RedisStreamId.Zero, RedisStreamId.MaxValue, 10, consumer: null, Cancel));
        Assert.Equal((ids[2], "c1"), (pending.Id, pending.Consumer));
    }

    [Fact]
    public async Task AutoClaimAsync_DeletedIds_CountTowardsCount()
    {
        var stream = NewStream();
        var ids = await GroupWithEntriesAsync(stream, "g", "a", "b", "c");
        await Transport.ReadGroupAsync(stream, "g", "c1", ">", 10, block: null, Cancel);
        await Transport.AppendAsync(stream, Fields("d"), StreamTrim.MinId(ids[1]), Cancel);

        var first = await Transport.AutoClaimAsync(stream, "g", "c2", TimeSpan.Zero, RedisStreamId.Zero, 1, Cancel);
        var second = await Transport.AutoClaimAsync(stream, "g", "c2", TimeSpan.Zero, first.NextStart, 1, Cancel);

        Assert.Equal([ids[0]], first.DeletedIds);
        Assert.Empty(first.Entries);
        Assert.Equal(ids[1], first.NextStart);
        Assert.Equal([ids[1]], second.Entries.Select(entry => entry.Id));
        Assert.Equal(ids[2], second.NextStart);
    }

    [Fact]
    public async Task AutoClaimAsync_MissingGroup_ThrowsConsumerGroupLost()
    {
        var stream = NewStream();
        await AppendAsync(stream, "a");

        await Assert.ThrowsAsync<ConsumerGroupLostException>(() => Transport.AutoClaimAsync(stream, "g", "c", TimeSpan.Zero, RedisStreamId.Zero, 10, Cancel).AsTask());
        await Assert.ThrowsAsync<ConsumerGroupLostException>(() => Transport.AutoClaimAsync(NewStream(), "g", "c", TimeSpan.Zero, RedisStreamId.Zero, 10, Cancel).AsTask());
    }

    [Fact]
    public async Task PendingAsync_RangeCountAndConsumer_FilterTheList()
    {
        var stream = NewStream();
        var ids = await GroupWithEntriesAsync(stream, "g", "a", "b", "c", "d");
        await Transport.ReadGroupAsync(stream, "g", "c1", ">", 2, block: null, Cancel);
        await Transport.ReadGroupAsync(stream, "g", "c2", ">", 2, block: null, Cancel);

        var range = await Transport.PendingAsync(stream, "g", ids[1], ids[2], 10, consumer: null, Cancel);
        var counted = await Transport.PendingAsync(stream, "g", RedisStreamId.Zero, RedisStreamId.MaxValue, 1, consumer: null, Cancel);
        var ofConsumer = await Transport.PendingAsync(stream, "g", RedisStreamId.Zero, RedisStreamId.MaxValue, 10, "c2", Cancel);
        var ofNobody = await Transport.PendingAsync(stream, "g", RedisStreamId.Zero, RedisStreamId.MaxValue, 10, "c3", Cancel);

        Assert.Equal([ids[1], ids[2]], range.Select(entry => entry.Id));
        Assert.Equal([ids[0]], counted.Select(entry => entry.Id));
        Assert.Equal([ids[2], ids[3]], ofConsumer.Select(entry => entry.Id));
        Assert.All(ofConsumer, entry => Assert.Equal(("c2", 1L), (entry.Consumer, entry.DeliveryCount)));
        Assert.Empty(ofNobody);
    }

    [Fact]
    public async Task PendingAsync_AfterAWhile_ReportsIdleTime()
    {
        var stream = NewStream();
        await GroupWithEntriesAsync(stream, "g", "a");
        var started = TimeProvider.System.GetTimestamp();
        await Transport.ReadGroupAsync(stream, "g", "c1", ">", 10, block: null, Cancel);
        await Task.Delay(150, Cancel);

        var pending = Assert.Single(await Transport.PendingAsync(stream, "g", RedisStreamId.Zero, RedisStreamId.MaxValue, 10, consumer: null, Cancel));
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        // Idle for at least the pause, and for no longer than the whole exchange took (plus rounding to milliseconds).
        Assert.InRange(pending.Idle, TimeSpan.FromMilliseconds(140), elapsed + TimeSpan.FromMilliseconds(2));
    }

    [Fact]
    public async Task PendingAsync_MissingGroup_ThrowsConsumerGroupLost()
    {
        var stream = NewStream();
        await AppendAsync(stream, "a");

        await Assert.ThrowsAsync<ConsumerGroupLostException>(() => Transport.PendingAsync(stream, "g", RedisStreamId.Zero, RedisStreamId.MaxValue, 10, consumer: null, Cancel).AsTask());
    }
}
