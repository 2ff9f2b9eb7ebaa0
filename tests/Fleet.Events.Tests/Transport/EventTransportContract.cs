using System.Runtime.CompilerServices;
using Fleet.Events.Transport;
using Fleet.Redis;

namespace Fleet.Events.Tests.Transport;

/// <summary>
/// The transport contract: what every <see cref="IEventTransport"/> does, checked against the semantics of Redis 7
/// (the Redis transport runs the same facts on a real redis-server). A subclass supplies the transport and a way
/// to delete a key. Each fact uses keys of its own, so the facts run in parallel on one server; time-based facts
/// use real short times because a real Redis cannot be given a fake clock.
/// </summary>
public abstract partial class EventTransportContract : IAsyncLifetime
{
    private IEventTransport? _transport;

    /// <summary>The transport under test, created before each fact and disposed after it.</summary>
    private protected IEventTransport Transport => _transport ?? throw new InvalidOperationException("The transport is created in InitializeAsync.");

    private protected static StreamKeys Keys { get; } = new();

    private protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Creates the transport for one fact.</summary>
    private protected abstract Task<IEventTransport> CreateTransportAsync();

    /// <summary>DEL <paramref name="key"/> with everything in it (a stream's groups): how Redis loses a group.</summary>
    protected abstract Task DeleteKeyAsync(string key);

    /// <summary>Waits until the one blocking read this fact started is blocked where the transport keeps it (state, not a sleep).</summary>
    private protected abstract Task WaitUntilReadBlockedAsync();

    /// <summary>Releases what <see cref="CreateTransportAsync"/> set up besides the transport (a Redis client, say).</summary>
    protected virtual ValueTask CleanUpAsync() => ValueTask.CompletedTask;

    public async ValueTask InitializeAsync() => _transport = await CreateTransportAsync();

    public async ValueTask DisposeAsync()
    {
        if (_transport is not null)
        {
            await _transport.DisposeAsync();
        }

        await CleanUpAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task AppendAsync_ManyEntries_IdsStrictlyIncreaseAndReadBackInOrder()
    {
        var stream = NewStream();

        var ids = await AppendAsync(stream, [.. Enumerable.Range(0, 50).Select(i => $"v{i}")]);

        for (var i = 1; i < ids.Length; i++)
        {
            Assert.True(ids[i] > ids[i - 1], $"{ids[i]} should follow {ids[i - 1]}");
        }

        var entries = await Transport.ReadAsync(stream, RedisStreamId.Zero, 100, block: null, Cancel);
        Assert.Equal(ids, entries.Select(entry => entry.Id));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"v{i}"), entries.Select(ValueOf));
    }

    [Fact]
    public async Task AppendAsync_BinaryValueAndSeveralFields_ReadBackFieldForField()
    {
        var stream = NewStream();
        byte[] binary = [0, 255, 128, 10, 13];

        await Transport.AppendAsync(stream, [new("a", "text"), new("b", binary), new("c", "")], trim: null, Cancel);

        var entry = Assert.Single(await Transport.ReadAsync(stream, RedisStreamId.Zero, 10, block: null, Cancel));
        Assert.Equal(["a", "b", "c"], entry.Fields.Select(field => field.Name));
        Assert.Equal("text", (string?)entry["a"]);
        Assert.Equal(binary, entry["b"].ToArray());
        Assert.True(entry["c"].IsNullOrEmpty);
        Assert.False(entry.IsDeleted);
    }

    [Fact]
    public async Task AppendBatchAsync_Entries_AppendedInOrderWithTheirIds()
    {
        var stream = NewStream();

        var ids = await Transport.AppendBatchAsync(stream, [Fields("a"), Fields("b"), Fields("c")], trim: null, Cancel);

        Assert.Equal(3, ids.Length);
        Assert.True(ids[0] < ids[1] && ids[1] < ids[2]);
        var entries = await Transport.ReadAsync(stream, RedisStreamId.Zero, 10, block: null, Cancel);
        Assert.Equal(ids, entries.Select(entry => entry.Id));
        Assert.Equal(["a", "b", "c"], entries.Select(ValueOf));
    }

    [Fact]
    public async Task AppendAsync_ExactMaxLength_KeepsTheNewestEntries()
    {
        var stream = NewStream();

        for (var i = 0; i < 5; i++)
        {
            await Transport.AppendAsync(stream, Fields($"v{i}"), StreamTrim.MaxLength(3), Cancel);
        }

        var entries = await Transport.ReadAsync(stream, RedisStreamId.Zero, 10, block: null, Cancel);
        Assert.Equal(["v2", "v3", "v4"], entries.Select(ValueOf));
    }

    [Fact]
    public async Task AppendBatchAsync_ExactMaxLength_TrimsAfterEachEntry()
    {
        var stream = NewStream();

        await Transport.AppendBatchAsync(stream, [Fields("a"), Fields("b"), Fields("c"), Fields("d")], StreamTrim.MaxLength(2), Cancel);

        var entries = await Transport.ReadAsync(stream, RedisStreamId.Zero, 10, block: null, Cancel);
        Assert.Equal(["c", "d"], entries.Select(ValueOf));
    }

    [Fact]
    public async Task AppendAsync_ExactMinId_DropsOlderIds()
    {
        var stream = NewStream();
        var ids = await AppendAsync(stream, "a", "b", "c");

        await Transport.AppendAsync(stream, Fields("d"), StreamTrim.MinId(ids[1]), Cancel);

        var entries = await Transport.ReadAsync(stream, RedisStreamId.Zero, 10, block: null, Cancel);
        Assert.Equal(["b", "c", "d"], entries.Select(ValueOf));
    }

    [Fact]
    public async Task AppendAsync_ApproximateMaxLength_KeepsAtLeastTheNewest()
    {
        var stream = NewStream();

        for (var i = 0; i < 10; i++)
        {
            await Transport.AppendAsync(stream, Fields($"v{i}"), StreamTrim.MaxLength(3, approximate: true), Cancel);
        }

        // "~" lets Redis keep whole radix-tree nodes (more entries), never fewer than asked.
        var entries = await Transport.ReadAsync(stream, RedisStreamId.Zero, 100, block: null, Cancel);
        Assert.InRange(entries.Count, 3, 10);
        Assert.Equal(["v7", "v8", "v9"], entries.TakeLast(3).Select(ValueOf));
    }

    [Fact]
    public async Task ReadAsync_AfterAnId_ReturnsLaterEntriesUpToCount()
    {
        var stream = NewStream();
        var ids = await AppendAsync(stream, "a", "b", "c", "d");

        var entries = await Transport.ReadAsync(stream, ids[0], 2, block: null, Cancel);

        Assert.Equal([ids[1], ids[2]], entries.Select(entry => entry.Id));
        Assert.Empty(await Transport.ReadAsync(stream, ids[3], 10, block: null, Cancel));
    }

    [Fact]
    public async Task ReadAsync_MissingStream_ReturnsEmpty()
    {
        Assert.Empty(await Transport.ReadAsync(NewStream(), RedisStreamId.Zero, 10, block: null, Cancel));
    }

    [Fact]
    public async Task ReadAsync_BlockedThenAppended_ReturnsTheNewEntry()
    {
        var stream = NewStream();
        var first = await Transport.AppendAsync(stream, Fields("a"), trim: null, Cancel);

        var read = Transport.ReadAsync(stream, first, 10, TimeSpan.FromSeconds(10), Cancel).AsTask();
        await AssertStillBlockedAsync(read);
        var second = await Transport.AppendAsync(stream, Fields("b"), trim: null, Cancel);

        var entry = Assert.Single(await read.WaitAsync(TimeSpan.FromSeconds(5), Cancel));
        Assert.Equal(second, entry.Id);
    }

    [Fact]
    public async Task ReadAsync_BlockedOnMissingStreamThenAppended_ReturnsTheEntry()
    {
        var stream = NewStream();

        var read = Transport.ReadAsync(stream, RedisStreamId.Zero, 10, TimeSpan.FromSeconds(10), Cancel).AsTask();
        await AssertStillBlockedAsync(read);
        var id = await Transport.AppendAsync(stream, Fields("a"), trim: null, Cancel);

        Assert.Equal(id, Assert.Single(await read.WaitAsync(TimeSpan.FromSeconds(5), Cancel)).Id);
    }

    [Fact]
    public async Task ReadAsync_BlockTimesOut_ReturnsEmpty()
    {
        var stream = NewStream();
        var last = await Transport.AppendAsync(stream, Fields("a"), trim: null, Cancel);
        var started = DateTimeOffset.UtcNow;

        var entries = await Transport.ReadAsync(stream, last, 10, TimeSpan.FromMilliseconds(200), Cancel);

        Assert.Empty(entries);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromMilliseconds(150), "the read should have blocked for its block time");
    }

    private protected static string NewStream([CallerMemberName] string test = "") => Keys.Stream(TestStreams.Unique(test));

    private protected static StreamField[] Fields(string value) => [new("n", value)];

    private protected static string? ValueOf(StreamEntry entry) => (string?)entry["n"];

    private protected async Task<RedisStreamId[]> AppendAsync(string stream, params string[] values)
    {
        var ids = new RedisStreamId[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            ids[i] = await Transport.AppendAsync(stream, Fields(values[i]), trim: null, Cancel);
        }

        return ids;
    }

    /// <summary>A stream with <paramref name="values"/> and a group created at 0.</summary>
    private protected async Task<RedisStreamId[]> GroupWithEntriesAsync(string stream, string group, params string[] values)
    {
        var ids = await AppendAsync(stream, values);
        Assert.True(await Transport.EnsureGroupAsync(stream, group, "0", Cancel));
        return ids;
    }

    /// <summary>Waits until the transport holds <paramref name="call"/> as a blocked read, and checks it has not returned.</summary>
    private protected async Task AssertStillBlockedAsync(Task call)
    {
        await WaitUntilReadBlockedAsync();
        Assert.False(call.IsCompleted, "the call should still be blocked");
    }
}
