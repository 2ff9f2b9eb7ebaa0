using Fleet.Redis;

namespace Fleet.Events.Tests.Transport;

/// <content>Consumer groups: XGROUP CREATE, XREADGROUP (new entries, history, blocking, NOGROUP) and XACK.</content>
public abstract partial class EventTransportContract
{
    [Fact]
    public async Task EnsureGroupAsync_MissingStream_CreatesStreamAndGroupOnce()
    {
        var stream = NewStream();

        Assert.True(await Transport.EnsureGroupAsync(stream, "g", "0", Cancel));
        Assert.False(await Transport.EnsureGroupAsync(stream, "g", "0", Cancel));
        Assert.True(await Transport.EnsureGroupAsync(stream, "other", "$", Cancel));

        Assert.Empty(await Transport.ReadGroupAsync(stream, "g", "c", ">", 10, block: null, Cancel));
        var statistics = await Transport.GetGroupStatisticsAsync(stream, stream + ":dlq", "g", Cancel);
        Assert.Equal(new(0, 0, 0, 0), statistics with { ReportedLag = null });
    }

    [Fact]
    public async Task EnsureGroupAsync_AtZero_DeliversEntriesAlreadyInTheStream()
    {
        var stream = NewStream();
        var ids = await AppendAsync(stream, "a", "b");

        Assert.True(await Transport.EnsureGroupAsync(stream, "g", "0", Cancel));

        var entries = await Transport.ReadGroupAsync(stream, "g", "c", ">", 10, block: null, Cancel);
        Assert.Equal(ids, entries.Select(entry => entry.Id));
    }

    [Fact]
    public async Task EnsureGroupAsync_AtDollar_DeliversOnlyLaterEntries()
    {
        var stream = NewStream();
        await AppendAsync(stream, "a", "b");

        Assert.True(await Transport.EnsureGroupAsync(stream, "g", "$", Cancel));
        Assert.Empty(await Transport.ReadGroupAsync(stream, "g", "c", ">", 10, block: null, Cancel));
        var later = await Transport.AppendAsync(stream, Fields("c"), trim: null, Cancel);

        var entry = Assert.Single(await Transport.ReadGroupAsync(stream, "g", "c", ">", 10, block: null, Cancel));
        Assert.Equal(later, entry.Id);
        Assert.Equal("c", ValueOf(entry));
    }

    [Fact]
    public async Task ReadGroupAsync_MissingStreamOrGroup_ThrowsConsumerGroupLost()
    {
        var missing = NewStream();
        var stream = NewStream();
        await AppendAsync(stream, "a");

        var noKey = await Assert.ThrowsAsync<ConsumerGroupLostException>(() => Transport.ReadGroupAsync(missing, "g", "c", ">", 10, block: null, Cancel).AsTask());
        var noGroup = await Assert.ThrowsAsync<ConsumerGroupLostException>(() => Transport.ReadGroupAsync(stream, "g", "c", "0", 10, block: null, Cancel).AsTask());

        Assert.Equal((missing, "g"), (noKey.Stream, noKey.Group));
        Assert.Equal((stream, "g"), (noGroup.Stream, noGroup.Group));
    }

    [Fact]
    public async Task ReadGroupAsync_StreamDeleted_ThrowsConsumerGroupLost()
    {
        var stream = NewStream();
        await GroupWithEntriesAsync(stream, "g", "a");
        await DeleteKeyAsync(stream);

        var lost = await Assert.ThrowsAsync<ConsumerGroupLostException>(() => Transport.ReadGroupAsync(stream, "g", "c", ">", 10, block: null, Cancel).AsTask());

        Assert.Equal(stream, lost.Stream);
        Assert.Equal("g", lost.Group);
    }

    [Fact]
    public async Task ReadGroupAsync_NewEntries_DeliveredUpToCountAndPendingForTheConsumer()
    {
        var stream = NewStream();
        var ids = await GroupWithEntriesAsync(stream, "g", "a", "b", "c", "d", "e");

        var first = await Transport.ReadGroupAsync(stream, "g", "c1", ">", 2, block: null, Cancel);
        var second = await Transport.ReadGroupAsync(stream, "g", "c2", ">", 2, block: null, Cancel);

        Assert.Equal(["a", "b"], first.Select(ValueOf));
        Assert.Equal(["c", "d"], second.Select(ValueOf));
        var pending = await Transport.PendingAsync(stream, "g", RedisStreamId.Zero, RedisStreamId.MaxValue, 10, consumer: null, Cancel);
        Assert.Equal(ids[..4], pending.Select(entry => entry.Id));
        Assert.Equal(["c1", "c1", "c2", "c2"], pending.Select(entry => entry.Consumer));
        Assert.All(pending, entry => Assert.Equal(1, entry.DeliveryCount));
    }

    [Fact]
    public async Task ReadGroupAsync_History_ReturnsOwnPendingEntriesAndCountsADelivery()
    {
        var stream = NewStream();
        var ids = await GroupWithEntriesAsync(stream, "g", "a", "b", "c");
        await Transport.ReadGroupAsync(stream, "g", "c1", ">", 2, block: null, Cancel);
        await Transport.ReadGroupAsync(stream, "g", "c2", ">", 1, block: null, Cancel);

        var all = await Transport.ReadGroupAsync(stream, "g", "c1", "0", 10, block: null, Cancel);
        var afterFirst = await Transport.ReadGroupAsync(stream, "g", "c1", ids[0].ToString(), 10, block: null, Cancel);

        Assert.Equal(["a", "b"], all.Select(ValueOf));
        Assert.Equal(["b"], afterFirst.Select(ValueOf));
        var pending = await Transport.PendingAsync(stream, "g", RedisStreamId.Zero, RedisStreamId.MaxValue, 10, consumer: null, Cancel);
        Assert.Equal([2L, 3L, 1L], pending.Select(entry => entry.DeliveryCount));

        // Reading the history does not deliver new entries.
        Assert.Empty(await Transport.ReadGroupAsync(stream, "g", "c1", ">", 10, block: null, Cancel));
    }

    [Fact]
    public async Task ReadGroupAsync_HistoryAfterEntriesWereTrimmed_ReturnsThemAsDeletedAndKeepsThemPending()
    {
        var stream = NewStream();
        var ids = await GroupWithEntriesAsync(stream, "g", "a", "b", "c");
        await Transport.ReadGroupAsync(stream, "g", "c1", ">", 10, block: null, Cancel);
        await Transport.AppendAsync(stream, Fields("d"), StreamTrim.MaxLength(2), Cancel);

        var history = await Transport.ReadGroupAsync(stream, "g", "c1", "0", 10, block: null, Cancel);

        Assert.Equal(ids, history.Select(entry => entry.Id));
        Assert.Equal([true, true, false], history.Select(entry => entry.IsDeleted));
        Assert.Empty(history[0].Fields);
        Assert.Equal("c", ValueOf(history[2]));
        var pending = await Transport.PendingAsync(stream, "g", RedisStreamId.Zero, RedisStreamId.MaxValue, 10, consumer: null, Cancel);
        Assert.Equal(ids, pending.Select(entry => entry.Id));

        // A deleted entry is not delivered again, so its delivery count stays.
        Assert.Equal([1L, 1L, 2L], pending.Select(entry => entry.DeliveryCount));
    }

    [Fact]
    public async Task ReadGroupAsync_BlockedThenAppended_ReturnsTheNewEntry()
    {
        var stream = NewStream();
        await Transport.EnsureGroupAsync(stream, "g", "$", Cancel);

        var read = Transport.ReadGroupAsync(stream, "g", "c", ">", 10, TimeSpan.FromSeconds(10), Cancel).AsTask();
        await AssertStillBlockedAsync(read);
        var id = await Transport.AppendAsync(stream, Fields("a"), trim: null, Cancel);

        var entry = Assert.Single(await read.WaitAsync(TimeSpan.FromSeconds(5), Cancel));
        Assert.Equal(id, entry.Id);
        var pending = Assert.Single(await Transport.PendingAsync(stream, "g", RedisStreamId.Zero, RedisStreamId.MaxValue, 10, consumer: null, Cancel));
        Assert.Equal("c", pending.Consumer);
    }

    [Fact]
    public async Task ReadGroupAsync_BlockTimesOut_ReturnsEmpty()
    {
        var stream = NewStream();
        await Transport.EnsureGroupAsync(stream, "g", "$", Cancel);
        var started = DateTimeOffset.UtcNow;

        var entries = await Transport.ReadGroupAsync(stream, "g", "c", ">", 10, TimeSpan.FromMilliseconds(200), Cancel);

        Assert.Empty(entries);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromMilliseconds(150), "the read should have blocked for its block time");
    }

    [Fact]
    public async Task ReadGroupAsync_BlockedAndCancelled_ThrowsOperationCanceled()
    {
        var stream = NewStream();
        await Transport.EnsureGroupAsync(stream, "g", "$", Cancel);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancel);

        var read = Transport.ReadGroupAsync(stream, "g", "c", ">", 10, TimeSpan.FromSeconds(30), cancellation.Token).AsTask();
        await AssertStillBlockedAsync(read);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(TimeSpan.FromSeconds(5), Cancel));
    }

    [Fact]
    public async Task ReadGroupAsync_BlockedWhenStreamDeleted_ThrowsConsumerGroupLost()
    {
        var stream = NewStream();
        await Transport.EnsureGroupAsync(stream, "g", "$", Cancel);

        var read = Transport.ReadGroupAsync(stream, "g", "c", ">", 10, TimeSpan.FromSeconds(30), Cancel).AsTask();
        await AssertStillBlockedAsync(read);
        await DeleteKeyAsync(stream);

        var lost = await Assert.ThrowsAsync<ConsumerGroupLostException>(() => read.WaitAsync(TimeSpan.FromSeconds(5), Cancel));
        Assert.Equal(stream, lost.Stream);
    }

    [Fact]
    public async Task AckAsync_Ids_ReturnsHowManyWerePending()
    {
        var stream = NewStream();
        var ids = await GroupWithEntriesAsync(stream, "g", "a", "b", "c");
        await Transport.ReadGroupAsync(stream, "g", "c", ">", 10, block: null, Cancel);

        Assert.Equal(2, await Transport.AckAsync(stream, "g", [ids[0], ids[1]], Cancel));
        Assert.Equal(1, await Transport.AckAsync(stream, "g", [ids[0], ids[2]], Cancel));
        Assert.Equal(0, await Transport.AckAsync(stream, "g", [ids[2]], Cancel));

        Assert.Empty(await Transport.PendingAsync(stream, "g", RedisStreamId.Zero, RedisStreamId.MaxValue, 10, consumer: null, Cancel));
    }

    [Fact]
    public async Task AckAsync_MissingStreamOrGroup_ReturnsZero()
    {
        var stream = NewStream();
        var ids = await AppendAsync(stream, "a");

        Assert.Equal(0, await Transport.AckAsync(stream, "g", ids, Cancel));
        Assert.Equal(0, await Transport.AckAsync(NewStream(), "g", ids, Cancel));
    }
}
