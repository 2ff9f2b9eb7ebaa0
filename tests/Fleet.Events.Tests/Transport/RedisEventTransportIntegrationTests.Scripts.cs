using Fleet.Events.Transport;
using Fleet.Redis;

namespace Fleet.Events.Tests.Transport;

/// <content>The scripts: dead letter, ack with idempotency mark, release of delayed events.</content>
public sealed partial class RedisEventTransportIntegrationTests
{
    [Fact]
    public async Task DeadLetterAsync_CalledTwice_AcksAndWritesOnceWithTrim()
    {
        var stream = StreamKey();
        var dlq = stream + ":dlq";
        await _transport.EnsureGroupAsync(stream, Group, "0", Cancel);
        var id = await _transport.AppendAsync(stream, Fields("id", "e1", "data", "{}"), trim: null, Cancel);
        await _transport.ReadGroupAsync(stream, Group, "c1", ">", 10, block: null, Cancel);
        for (var i = 0; i < 5; i++)
        {
            await _client.XAddAsync(dlq, Fields("old", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), cancellationToken: Cancel);
        }

        var letter = Fields("id", "e1", "data", "{}", "source_entry_id", id.ToString(), "error_type", "Boom");
        var trim = StreamTrim.MaxLength(3);

        var first = await _transport.DeadLetterAsync(stream, dlq, Group, id, letter, trim, Cancel);
        var second = await _transport.DeadLetterAsync(stream, dlq, Group, id, letter, trim, Cancel);

        Assert.True(first);
        Assert.False(second);
        Assert.Empty(await _transport.PendingAsync(stream, Group, RedisStreamId.Zero, RedisStreamId.MaxValue, 10, consumer: null, Cancel));
        var dead = await _client.XRangeAsync(dlq, cancellationToken: Cancel);
        Assert.Equal(3, dead.Count);
        Assert.Equal(["3", "4"], dead.Take(2).Select(entry => entry["old"].ToString()));
        Assert.Equal(letter, dead[2].Fields.Select(field => new StreamField(field.Name, field.Value.ToString())));
    }

    [Fact]
    public async Task DeadLetterAsync_EntryNotPending_WritesNothing()
    {
        var stream = StreamKey();
        var dlq = stream + ":dlq";
        await _transport.EnsureGroupAsync(stream, Group, "0", Cancel);
        var id = await _transport.AppendAsync(stream, Fields("n", "1"), trim: null, Cancel);
        await _transport.ReadGroupAsync(stream, Group, "c1", ">", 10, block: null, Cancel);
        Assert.Equal(1, await _transport.AckAsync(stream, Group, [id], Cancel));

        var written = await _transport.DeadLetterAsync(stream, dlq, Group, id, Fields("n", "1"), trim: null, Cancel);

        Assert.False(written);
        Assert.Equal(0, await _client.XLenAsync(dlq, Cancel));
    }

    [Fact]
    public async Task AckAndMarkProcessedAsync_PendingEntry_SetsMarkWithTtlAndAcks()
    {
        var stream = StreamKey();
        var mark = stream + ":done:g:e1";
        await _transport.EnsureGroupAsync(stream, Group, "0", Cancel);
        var id = await _transport.AppendAsync(stream, Fields("n", "1"), trim: null, Cancel);
        await _transport.ReadGroupAsync(stream, Group, "c1", ">", 10, block: null, Cancel);
        Assert.False(await _transport.IsProcessedAsync(mark, Cancel));
        var before = await _client.ServerTimeAsync(Cancel);

        await _transport.AckAndMarkProcessedAsync(stream, Group, id, mark, TimeSpan.FromMinutes(10), Cancel);

        Assert.True(await _transport.IsProcessedAsync(mark, Cancel));
        var ttl = await _client.TimeToLiveAsync(mark, Cancel);
        var after = await _client.ServerTimeAsync(Cancel);
        Assert.True(ttl.HasExpiry);
        // The server's own clock bounds the time spent between the mark and the read, however busy this machine is.
        Assert.InRange(ttl.Remaining!.Value, TimeSpan.FromMinutes(10) - (after - before) - TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10));
        Assert.Empty(await _transport.PendingAsync(stream, Group, RedisStreamId.Zero, RedisStreamId.MaxValue, 10, consumer: null, Cancel));
    }

    [Fact]
    public async Task ReleaseDueAsync_SomeDue_MovesOnlyDueMembersInOrderWithTrim()
    {
        var stream = StreamKey();
        var scheduled = stream + ":scheduled";
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_900_000_000_000);
        for (var i = 0; i < 3; i++)
        {
            await _transport.AppendAsync(stream, Fields("old", "x"), trim: null, Cancel);
        }

        // Same due time for "b" and "c": Redis orders equal scores by member, and the members start with "id".
        await _transport.ScheduleAsync(scheduled, Member("c", now.AddSeconds(-1)), now.AddSeconds(-1), Cancel);
        await _transport.ScheduleAsync(scheduled, Member("b", now.AddSeconds(-1)), now.AddSeconds(-1), Cancel);
        await _transport.ScheduleAsync(scheduled, Member("a", now.AddSeconds(-5)), now.AddSeconds(-5), Cancel);
        await _transport.ScheduleAsync(scheduled, Member("d", now), now, Cancel);
        await _transport.ScheduleAsync(scheduled, Member("later", now.AddMilliseconds(1)), now.AddMilliseconds(1), Cancel);

        var moved = await _transport.ReleaseDueAsync(scheduled, stream, stream + ":dlq", now, 10, StreamTrim.MaxLength(4), Cancel);

        Assert.Equal(4, moved);
        var entries = await _client.XRangeAsync(stream, cancellationToken: Cancel);
        Assert.Equal(["a", "b", "c", "d"], entries.Select(entry => entry["id"].ToString()));
        Assert.Equal(["id", "type", "data"], entries[0].Fields.Select(field => field.Name));
        var left = await _client.SortedSetRangeByRankAsync(scheduled, cancellationToken: Cancel);
        Assert.Equal([Member("later", now.AddMilliseconds(1))], left.Select(member => member.ToString()));
    }

    [Fact]
    public async Task ReleaseDueAsync_MoreDueThanMax_MovesMaxThenTheRest()
    {
        var stream = StreamKey();
        var scheduled = stream + ":scheduled";
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_900_000_000_000);
        for (var i = 0; i < 5; i++)
        {
            await _transport.ScheduleAsync(scheduled, Member($"e{i}", now), now.AddSeconds(i - 10), Cancel);
        }

        Assert.Equal(3, await _transport.ReleaseDueAsync(scheduled, stream, stream + ":dlq", now, 3, trim: null, Cancel));
        Assert.Equal(2, await _transport.ReleaseDueAsync(scheduled, stream, stream + ":dlq", now, 3, trim: null, Cancel));
        Assert.Equal(0, await _transport.ReleaseDueAsync(scheduled, stream, stream + ":dlq", now, 3, trim: null, Cancel));

        var entries = await _client.XRangeAsync(stream, cancellationToken: Cancel);
        Assert.Equal(["e0", "e1", "e2", "e3", "e4"], entries.Select(entry => entry["id"].ToString()));
        Assert.Equal(0, await _client.SortedSetLengthAsync(scheduled, Cancel));
    }

    [Fact]
    public async Task ReleaseDueAsync_AfterScriptFlush_StillReleases()
    {
        var stream = StreamKey();
        var scheduled = stream + ":scheduled";
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_900_000_000_000);
        await _transport.ScheduleAsync(scheduled, Member("a", now), now, Cancel);
        Assert.Equal(1, await _transport.ReleaseDueAsync(scheduled, stream, stream + ":dlq", now, 10, trim: null, Cancel));

        await _client.ExecuteAsync("SCRIPT", "FLUSH");
        await _transport.ScheduleAsync(scheduled, Member("b", now), now, Cancel);

        Assert.Equal(1, await _transport.ReleaseDueAsync(scheduled, stream, stream + ":dlq", now, 10, trim: null, Cancel));
        var entries = await _client.XRangeAsync(stream, cancellationToken: Cancel);
        Assert.Equal(["a", "b"], entries.Select(entry => entry["id"].ToString()));
    }

    private static string Member(string id, DateTimeOffset due) =>
        ScheduledEventCodec.Encode(Fields("id", id, "type", "order.placed", "data", $"{{\"due\":{due.ToUnixTimeMilliseconds()}}}"));
}
