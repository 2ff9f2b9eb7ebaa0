using Fleet.Events.Transport;
using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.Events.Tests.Transport;

/// <content>The atomic moves: dead letters, idempotency marks, delayed events; and the group statistics.</content>
public abstract partial class EventTransportContract
{
    [Fact]
    public async Task DeadLetterAsync_CalledTwice_AcksAndWritesTheDeadLetterOnce()
    {
        var stream = NewStream();
        var dlq = stream + ":dlq";
        var ids = await GroupWithEntriesAsync(stream, "g", "a", "b");
        await Transport.ReadGroupAsync(stream, "g", "c", ">", 10, block: null, Cancel);
        StreamField[] fields = [new("id", ids[0].ToString()), new("reason", "boom")];

        Assert.True(await Transport.DeadLetterAsync(stream, dlq, "g", ids[0], fields, trim: null, Cancel));
        Assert.False(await Transport.DeadLetterAsync(stream, dlq, "g", ids[0], fields, trim: null, Cancel));

        var letter = Assert.Single(await Transport.ReadAsync(dlq, RedisStreamId.Zero, 10, block: null, Cancel));
        Assert.Equal(["id", "reason"], letter.Fields.Select(field => field.Name));
        Assert.Equal("boom", (string?)letter["reason"]);
        var pending = Assert.Single(await Transport.PendingAsync(stream, "g", RedisStreamId.Zero, RedisStreamId.MaxValue, 10, consumer: null, Cancel));
        Assert.Equal(ids[1], pending.Id);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5_000)]
    public async Task DeadLetterAsync_NotPending_WritesNothing(int fieldCount)
    {
        var stream = NewStream();
        var dlq = stream + ":dlq";
        var ids = await GroupWithEntriesAsync(stream, "g", "a");
        var fields = fieldCount == 1 ? Fields("x") : BinaryFields(fieldCount);

        Assert.False(await Transport.DeadLetterAsync(stream, dlq, "g", ids[0], fields, trim: null, Cancel));
        Assert.False(await Transport.DeadLetterAsync(NewStream(), dlq, "g", ids[0], fields, trim: null, Cancel));

        Assert.Empty(await Transport.ReadAsync(dlq, RedisStreamId.Zero, 10, block: null, Cancel));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5_000)]
    public async Task DeadLetterAsync_WithTrim_TrimsTheDeadLetterStream(int extraFields)
    {
        var stream = NewStream();
        var dlq = stream + ":dlq";
        var ids = await GroupWithEntriesAsync(stream, "g", "a", "b", "c");
        await Transport.ReadGroupAsync(stream, "g", "c", ">", 10, block: null, Cancel);

        foreach (var id in ids)
        {
            Assert.True(await Transport.DeadLetterAsync(stream, dlq, "g", id, [.. Fields(id.ToString()), .. BinaryFields(extraFields)], StreamTrim.MaxLength(2), Cancel));
        }

        var letters = await Transport.ReadAsync(dlq, RedisStreamId.Zero, 10, block: null, Cancel);
        Assert.Equal([ids[1].ToString(), ids[2].ToString()], letters.Select(ValueOf));
    }

    [Fact]
    public async Task AckAndMarkProcessedAsync_ShortTtl_MarksThenExpiresAndAcks()
    {
        var stream = NewStream();
        var mark = stream + ":done:g:01J00000000000000000000000";
        var shortMark = stream + ":done:g:01J00000000000000000000001";
        var ids = await GroupWithEntriesAsync(stream, "g", "a", "b", "c");
        await Transport.ReadGroupAsync(stream, "g", "c", ">", 10, block: null, Cancel);

        Assert.False(await Transport.IsProcessedAsync(mark, Cancel));
        // The mark read back right away lives for minutes, so no pause of a busy machine lets it expire before the read.
        await Transport.AckAndMarkProcessedAsync(stream, "g", ids[0], mark, TimeSpan.FromMinutes(10), Cancel);
        await Transport.AckAndMarkProcessedAsync(stream, "g", ids[1], shortMark, TimeSpan.FromMilliseconds(300), Cancel);

        Assert.True(await Transport.IsProcessedAsync(mark, Cancel));
        var pending = Assert.Single(await Transport.PendingAsync(stream, "g", RedisStreamId.Zero, RedisStreamId.MaxValue, 10, consumer: null, Cancel));
        Assert.Equal(ids[2], pending.Id);
        await Eventually.TrueAsync(async () => !await Transport.IsProcessedAsync(shortMark, Cancel), "the short mark expired");
        Assert.True(await Transport.IsProcessedAsync(mark, Cancel));
    }

    [Fact]
    public async Task ReleaseDueAsync_DueMembers_MovedOntoTheStreamInDueThenMemberOrder()
    {
        var stream = NewStream();
        var scheduled = stream + ":scheduled";
        var now = DateTimeOffset.UtcNow;
        await ScheduleAsync(scheduled, "later", now.AddHours(1));
        await ScheduleAsync(scheduled, "second-b", now.AddSeconds(-1));
        await ScheduleAsync(scheduled, "first", now.AddSeconds(-2));
        await ScheduleAsync(scheduled, "second-a", now.AddSeconds(-1));

        Assert.Equal(3, await Transport.ReleaseDueAsync(scheduled, stream, stream + ":dlq", now, 10, trim: null, Cancel));
        Assert.Equal(0, await Transport.ReleaseDueAsync(scheduled, stream, stream + ":dlq", now, 10, trim: null, Cancel));

        var entries = await Transport.ReadAsync(stream, RedisStreamId.Zero, 10, block: null, Cancel);
        Assert.Equal(["first", "second-a", "second-b"], entries.Select(entry => (string?)entry["id"]));
        Assert.Equal(["id", "type"], entries[0].Fields.Select(field => field.Name));
        Assert.Equal(1, await Transport.ReleaseDueAsync(scheduled, stream, stream + ":dlq", now.AddHours(2), 10, trim: null, Cancel));
    }

    [Fact]
    public async Task ReleaseDueAsync_Max_MovesOnlyThatManyEarliestFirst()
    {
        var stream = NewStream();
        var scheduled = stream + ":scheduled";
        var now = DateTimeOffset.UtcNow;
        await ScheduleAsync(scheduled, "b", now.AddSeconds(-1));
        await ScheduleAsync(scheduled, "a", now.AddSeconds(-2));

        Assert.Equal(1, await Transport.ReleaseDueAsync(scheduled, stream, stream + ":dlq", now, 1, trim: null, Cancel));

        var entry = Assert.Single(await Transport.ReadAsync(stream, RedisStreamId.Zero, 10, block: null, Cancel));
        Assert.Equal("a", (string?)entry["id"]);
    }

    [Fact]
    public async Task ReleaseDueAsync_ScheduledAgain_UsesTheNewDueTime()
    {
        var stream = NewStream();
        var scheduled = stream + ":scheduled";
        var now = DateTimeOffset.UtcNow;
        await ScheduleAsync(scheduled, "a", now.AddSeconds(-1));
        await ScheduleAsync(scheduled, "a", now.AddHours(1));

        Assert.Equal(0, await Transport.ReleaseDueAsync(scheduled, stream, stream + ":dlq", now, 10, trim: null, Cancel));
        Assert.Empty(await Transport.ReadAsync(stream, RedisStreamId.Zero, 10, block: null, Cancel));
    }

    [Fact]
    public async Task GetGroupStatisticsAsync_AfterReadsAcksAndDeadLetters_ReportsLengthPendingLagAndDeadLetters()
    {
        var stream = NewStream();
        var dlq = stream + ":dlq";
        var ids = await GroupWithEntriesAsync(stream, "g", "a", "b", "c", "d", "e");
        await Transport.ReadGroupAsync(stream, "g", "c", ">", 3, block: null, Cancel);
        await Transport.AckAsync(stream, "g", [ids[0]], Cancel);
        await Transport.DeadLetterAsync(stream, dlq, "g", ids[1], Fields("x"), trim: null, Cancel);

        var statistics = await Transport.GetGroupStatisticsAsync(stream, dlq, "g", Cancel);

        // Redis also tells what XINFO GROUPS said; the figures Fleet reports are the same on every transport.
        Assert.Equal(new GroupStatistics(StreamLength: 5, Pending: 1, Lag: 2, DeadLetters: 1), statistics with { ReportedLag = null });
    }

    [Fact]
    public async Task GetGroupStatisticsAsync_MissingStream_ReportsZeros()
    {
        var stream = NewStream();

        Assert.Equal(new GroupStatistics(0, 0, 0, 0), await Transport.GetGroupStatisticsAsync(stream, stream + ":dlq", "g", Cancel));
    }

    [Fact]
    public async Task ReleaseDueAsync_UnreadableMembers_AreDeadLetteredAndDoNotBlockLaterOnes()
    {
        var stream = NewStream();
        var scheduled = stream + ":scheduled";
        var now = DateTimeOffset.UtcNow;
        string[] unreadable = ["not json", "[\"odd\"]", "[1,2]"];
        foreach (var member in unreadable)
        {
            await Transport.ScheduleAsync(scheduled, member, now.AddSeconds(-2), Cancel);
        }

        await ScheduleAsync(scheduled, "valid", now.AddSeconds(-1));

        // Two at a time, as the delayed-delivery loop would call it: the unreadable ones must not hold the valid one back.
        Assert.Equal(2, await Transport.ReleaseDueAsync(scheduled, stream, stream + ":dlq", now, 2, trim: null, Cancel));
        Assert.Equal(2, await Transport.ReleaseDueAsync(scheduled, stream, stream + ":dlq", now, 2, trim: null, Cancel));
        Assert.Equal(0, await Transport.ReleaseDueAsync(scheduled, stream, stream + ":dlq", now, 2, trim: null, Cancel));

        var entry = Assert.Single(await Transport.ReadAsync(stream, RedisStreamId.Zero, 10, block: null, Cancel));
        Assert.Equal("valid", (string?)entry["id"]);
        var deadLetters = await Transport.ReadAsync(stream + ":dlq", RedisStreamId.Zero, 10, block: null, Cancel);
        Assert.Equal(unreadable.Order(StringComparer.Ordinal), deadLetters.Select(d => (string?)d["scheduled_member"]).Order(StringComparer.Ordinal));
        Assert.All(deadLetters, d => Assert.Equal("malformed", (string?)d["dlq_error_type"]));
        Assert.All(deadLetters, d => Assert.Equal(StreamKeys.NameOf(stream), (string?)d["dlq_source_stream"]));
    }

    private async Task ScheduleAsync(string scheduledKey, string id, DateTimeOffset due) =>
        await Transport.ScheduleAsync(scheduledKey, ScheduledEventCodec.Encode([new("id", id), new("type", "order.placed")]), due, Cancel);
}
