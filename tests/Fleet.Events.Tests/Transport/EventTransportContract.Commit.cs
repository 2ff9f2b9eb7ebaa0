using Fleet.Testing;
using Fleet.Events.Transport;
using Fleet.Redis;

namespace Fleet.Events.Tests.Transport;

/// <content>The commit of staged writes with the acknowledgement (and the idempotency mark): all of it or nothing.</content>
public abstract partial class EventTransportContract
{
    /// <summary>GET <paramref name="key"/> as text, or null when it does not exist or holds no string.</summary>
    private protected abstract Task<string?> StringAsync(string key);

    [Fact]
    public async Task CommitAsync_PendingEntry_AppliesTheWritesInOrderAndAcknowledges()
    {
        var stream = NewStream();
        var ids = await ReadEntriesAsync(stream, "a", "b");
        StagedWrite[] writes =
        [
            new(StagedCommand.Set, stream + ":text", "value", RedisValue.Null),
            new(StagedCommand.IncrementBy, stream + ":count", 2, RedisValue.Null),
            new(StagedCommand.IncrementBy, stream + ":count", 3, RedisValue.Null),
            new(StagedCommand.Set, stream + ":gone", "x", RedisValue.Null),
            new(StagedCommand.Delete, stream + ":gone", RedisValue.Null, RedisValue.Null),
            new(StagedCommand.Set, stream + ":short", "x", 150),
        ];

        Assert.Equal(CommitOutcome.Applied, await Transport.CommitAsync(stream, "g", ids[0], markKey: null, TimeSpan.Zero, writes, Cancel));

        Assert.Equal("value", await StringAsync(stream + ":text"));
        Assert.Equal("5", await StringAsync(stream + ":count"));
        Assert.Null(await StringAsync(stream + ":gone"));
        Assert.Equal([ids[1]], await PendingIdsAsync(stream));
        await Eventually.TrueAsync(async () => await StringAsync(stream + ":short") is null, "the staged expiry removed the key", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task CommitAsync_EntryAlreadyCommitted_WritesNothing()
    {
        var stream = NewStream();
        var ids = await ReadEntriesAsync(stream, "a");
        StagedWrite[] writes = [new(StagedCommand.IncrementBy, stream + ":count", 1, RedisValue.Null)];

        Assert.Equal(CommitOutcome.Applied, await Transport.CommitAsync(stream, "g", ids[0], markKey: null, TimeSpan.Zero, writes, Cancel));
        Assert.Equal(CommitOutcome.NotPending, await Transport.CommitAsync(stream, "g", ids[0], markKey: null, TimeSpan.Zero, writes, Cancel));

        Assert.Equal("1", await StringAsync(stream + ":count"));
    }

    [Fact]
    public async Task CommitAsync_WithMark_SetsItAndASecondEntryOfTheSameEventIsAcknowledgedWithoutWrites()
    {
        var stream = NewStream();
        var mark = stream + ":done:g:01J00000000000000000000000";
        var ids = await ReadEntriesAsync(stream, "a", "a again");
        StagedWrite[] writes = [new(StagedCommand.IncrementBy, stream + ":count", 1, RedisValue.Null)];

        Assert.Equal(CommitOutcome.Applied, await Transport.CommitAsync(stream, "g", ids[0], mark, TimeSpan.FromMinutes(1), writes, Cancel));
        Assert.True(await Transport.IsProcessedAsync(mark, Cancel));
        Assert.Equal(CommitOutcome.Duplicate, await Transport.CommitAsync(stream, "g", ids[1], mark, TimeSpan.FromMinutes(1), writes, Cancel));

        Assert.Equal("1", await StringAsync(stream + ":count"));
        Assert.Empty(await PendingIdsAsync(stream));
    }

    [Fact]
    public async Task CommitAsync_AWriteRedisWouldRefuse_FailsWithNothingWrittenAndTheEntryPending()
    {
        var stream = NewStream();
        var ids = await ReadEntriesAsync(stream, "a", "b", "c");
        await Transport.CommitAsync(stream, "g", ids[0], markKey: null, TimeSpan.Zero, [new(StagedCommand.Set, stream + ":text", "not a number", RedisValue.Null)], Cancel);
        StagedWrite[] wrongType =
        [
            new(StagedCommand.IncrementBy, stream + ":count", 1, RedisValue.Null),
            new(StagedCommand.HashSet, stream + ":text", "field", "value"),
        ];
        StagedWrite[] notAnInteger =
        [
            new(StagedCommand.IncrementBy, stream + ":count", 1, RedisValue.Null),
            new(StagedCommand.IncrementBy, stream + ":text", 1, RedisValue.Null),
        ];

        await Assert.ThrowsAnyAsync<Exception>(async () => await Transport.CommitAsync(stream, "g", ids[1], markKey: null, TimeSpan.Zero, wrongType, Cancel));
        await Assert.ThrowsAnyAsync<Exception>(async () => await Transport.CommitAsync(stream, "g", ids[2], markKey: null, TimeSpan.Zero, notAnInteger, Cancel));

        Assert.Null(await StringAsync(stream + ":count"));
        Assert.Equal("not a number", await StringAsync(stream + ":text"));
        Assert.Equal([ids[1], ids[2]], await PendingIdsAsync(stream));
    }

    /// <summary>A group <c>g</c> with one entry per value, all read by consumer <c>c</c> (pending).</summary>
    private async Task<RedisStreamId[]> ReadEntriesAsync(string stream, params string[] values)
    {
        var ids = await GroupWithEntriesAsync(stream, "g", values);
        await Transport.ReadGroupAsync(stream, "g", "c", ">", 100, block: null, Cancel);
        return ids;
    }

    private async Task<RedisStreamId[]> PendingIdsAsync(string stream) =>
        [.. (await Transport.PendingAsync(stream, "g", RedisStreamId.Zero, RedisStreamId.MaxValue, 100, consumer: null, Cancel)).Select(entry => entry.Id)];
}
