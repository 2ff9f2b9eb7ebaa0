using Fleet.Events.Transport;
using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.Events.Tests.Transport;

/// <summary>The Redis transport against the assembly's redis-server: its scripts, group loss, Pub/Sub and blocking reads.</summary>
public sealed partial class RedisEventTransportIntegrationTests(RedisServerFixture redis) : IAsyncLifetime
{
    private const string Group = "g";
    private RedisClient _client = null!;
    private RedisEventTransport _transport = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _client = await RedisClient.ConnectAsync(redis.Server.Url, Cancel);
        _transport = new RedisEventTransport(_client);
    }

    public async ValueTask DisposeAsync()
    {
        await _transport.DisposeAsync();
        await _client.DisposeAsync();
    }

    [Fact]
    public async Task ReadGroupAsync_StreamDeleted_ThrowsConsumerGroupLost()
    {
        var stream = StreamKey();
        await _transport.EnsureGroupAsync(stream, Group, "0", Cancel);
        await _client.DeleteAsync(stream, Cancel);

        var error = await Assert.ThrowsAsync<ConsumerGroupLostException>(async () =>
            await _transport.ReadGroupAsync(stream, Group, "c1", ">", 10, block: null, Cancel));

        Assert.Equal(stream, error.Stream);
        Assert.Equal(Group, error.Group);
        Assert.True(error.InnerException is RedisServerException { Prefix: "NOGROUP" });
    }

    [Fact]
    public async Task ReadGroupAsync_GroupDestroyed_ThrowsConsumerGroupLost()
    {
        var stream = StreamKey();
        await _transport.EnsureGroupAsync(stream, Group, "0", Cancel);
        await _transport.AppendAsync(stream, Fields("n", "1"), trim: null, Cancel);
        Assert.True(await _client.XGroupDestroyAsync(stream, Group, Cancel));

        var error = await Assert.ThrowsAsync<ConsumerGroupLostException>(async () =>
            await _transport.ReadGroupAsync(stream, Group, "c1", "0", 10, TimeSpan.FromSeconds(1), Cancel));

        Assert.Equal(Group, error.Group);
    }

    [Fact]
    public async Task ReadGroupAsync_StreamDeletedWhileBlocked_ThrowsConsumerGroupLost()
    {
        var stream = StreamKey();
        var consumerName = $"blocked-{Guid.NewGuid():N}";
        await using var reader = await RedisClient.ConnectAsync(RedisClientOptions.Parse(redis.Server.Url) with { ClientName = consumerName }, Cancel);
        await using var readerTransport = new RedisEventTransport(reader);
        await _transport.EnsureGroupAsync(stream, Group, "$", Cancel);

        var read = readerTransport.ReadGroupAsync(stream, Group, "c1", ">", 10, TimeSpan.FromSeconds(30), Cancel).AsTask();
        await redis.Server.WaitUntilClientBlockedAsync(consumerName, "xreadgroup");
        await _client.DeleteAsync(stream, Cancel);

        var error = await Assert.ThrowsAsync<ConsumerGroupLostException>(() => read.WaitAsync(TimeSpan.FromSeconds(5), Cancel));
        Assert.Equal(stream, error.Stream);
    }

    [Fact]
    public async Task ReadGroupAsync_Blocked_ReturnsWhenAnotherClientAppends()
    {
        var stream = StreamKey();
        var consumerName = $"blocked-{Guid.NewGuid():N}";
        await using var reader = await RedisClient.ConnectAsync(RedisClientOptions.Parse(redis.Server.Url) with { ClientName = consumerName }, Cancel);
        await using var readerTransport = new RedisEventTransport(reader);
        await _transport.EnsureGroupAsync(stream, Group, "$", Cancel);

        var read = readerTransport.ReadGroupAsync(stream, Group, "c1", ">", 10, TimeSpan.FromSeconds(30), Cancel).AsTask();
        await redis.Server.WaitUntilClientBlockedAsync(consumerName, "xreadgroup");
        Assert.False(read.IsCompleted);
        var id = await _client.XAddAsync(stream, Fields("n", "1"), cancellationToken: Cancel);

        var entries = await read.WaitAsync(TimeSpan.FromSeconds(5), Cancel);
        var entry = Assert.Single(entries);
        Assert.Equal(id, entry.Id);
        Assert.Equal("1", entry["n"].ToString());
    }

    [Fact]
    public async Task ReadGroupAsync_PendingEntryDeleted_ComesBackDeleted()
    {
        var stream = StreamKey();
        await _transport.EnsureGroupAsync(stream, Group, "0", Cancel);
        var kept = await _transport.AppendAsync(stream, Fields("n", "1"), trim: null, Cancel);
        var deleted = await _transport.AppendAsync(stream, Fields("n", "2"), trim: null, Cancel);
        await _transport.ReadGroupAsync(stream, Group, "c1", ">", 10, block: null, Cancel);
        await _client.XDelAsync(stream, deleted, Cancel);

        var pending = await _transport.ReadGroupAsync(stream, Group, "c1", "0", 10, block: null, Cancel);

        Assert.Equal([kept, deleted], pending.Select(entry => entry.Id));
        Assert.False(pending[0].IsDeleted);
        Assert.True(pending[1].IsDeleted);
    }

    [Fact]
    public async Task AppendAsync_WithTrim_KeepsTheNewestEntries()
    {
        var stream = StreamKey();
        for (var i = 0; i < 10; i++)
        {
            await _transport.AppendAsync(stream, Fields("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), StreamTrim.MaxLength(4), Cancel);
        }

        var entries = await _client.XRangeAsync(stream, cancellationToken: Cancel);
        Assert.Equal(["6", "7", "8", "9"], entries.Select(entry => entry["n"].ToString()));
    }

    [Fact]
    public async Task AppendBatchAsync_ManyEntries_KeepsOrderAndReturnsIdsInOrder()
    {
        var stream = StreamKey();
        var batch = Enumerable.Range(0, 500)
            .Select(i => (IReadOnlyList<StreamField>)Fields("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

        var ids = await _transport.AppendBatchAsync(stream, batch, trim: null, Cancel);

        var entries = await _client.XRangeAsync(stream, cancellationToken: Cancel);
        Assert.Equal(ids, entries.Select(entry => entry.Id));
        Assert.Equal(Enumerable.Range(0, 500).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), entries.Select(entry => entry["n"].ToString()));
        Assert.Equal(ids.Order(), ids);
    }

    [Fact]
    public async Task AppendBatchAsync_EntryWithoutFields_SendsNothing()
    {
        var stream = StreamKey();
        IReadOnlyList<IReadOnlyList<StreamField>> batch = [Fields("n", "1"), []];

        await Assert.ThrowsAsync<ArgumentException>(async () => await _transport.AppendBatchAsync(stream, batch, trim: null, Cancel));

        Assert.Equal(0, await _client.XLenAsync(stream, Cancel));
    }

    [Fact]
    public async Task GetGroupStatisticsAsync_GroupWithPendingAndDeadLetters_ReportsCounts()
    {
        var stream = StreamKey();
        var dlq = stream + ":dlq";
        await _transport.EnsureGroupAsync(stream, Group, "0", Cancel);
        for (var i = 0; i < 5; i++)
        {
            await _transport.AppendAsync(stream, Fields("n", "x"), trim: null, Cancel);
        }

        var read = await _transport.ReadGroupAsync(stream, Group, "c1", ">", 3, block: null, Cancel);
        await _transport.DeadLetterAsync(stream, dlq, Group, read[0].Id, Fields("n", "x"), trim: null, Cancel);

        var statistics = await _transport.GetGroupStatisticsAsync(stream, dlq, Group, Cancel);

        Assert.Equal(new GroupStatistics(StreamLength: 5, Pending: 2, Lag: 2, DeadLetters: 1, ReportedLag: 2), statistics);
    }

    [Fact]
    public async Task GetGroupStatisticsAsync_StreamOrGroupMissing_ReportsZeros()
    {
        var stream = StreamKey();
        var dlq = stream + ":dlq";

        var missingStream = await _transport.GetGroupStatisticsAsync(stream, dlq, Group, Cancel);
        await _transport.AppendAsync(stream, Fields("n", "x"), trim: null, Cancel);
        var missingGroup = await _transport.GetGroupStatisticsAsync(stream, dlq, Group, Cancel);

        Assert.Equal(new GroupStatistics(0, 0, 0, 0), missingStream);
        Assert.Equal(new GroupStatistics(1, 0, 0, 0), missingGroup);
    }

    [Fact]
    public void IsUnavailable_ErrorKinds_OnlyConnectionAndTimeoutAnywhereInTheChain()
    {
        Assert.True(_transport.IsUnavailable(new RedisConnectionException("lost")));
        Assert.True(_transport.IsUnavailable(new RedisTimeoutException("slow")));
        Assert.True(_transport.IsUnavailable(new InvalidOperationException("wrapped", new RedisTimeoutException("slow"))));
        Assert.True(_transport.IsUnavailable(new AggregateException(new ArgumentException("x"), new RedisConnectionException("lost"))));
        Assert.False(_transport.IsUnavailable(new RedisServerException("ERR wrong number of arguments")));
        Assert.False(_transport.IsUnavailable(new InvalidOperationException("wrapped", new RedisServerException("NOGROUP gone"))));
        Assert.False(_transport.IsUnavailable(new TimeoutException("not Redis")));
    }

    [Fact]
    public async Task ReadAsync_AfterId_ReturnsLaterEntriesWithoutGroup()
    {
        var stream = StreamKey();
        var first = await _transport.AppendAsync(stream, Fields("n", "1"), trim: null, Cancel);
        var second = await _transport.AppendAsync(stream, Fields("n", "2"), trim: null, Cancel);

        var all = await _transport.ReadAsync(stream, RedisStreamId.Zero, 10, block: null, Cancel);
        var later = await _transport.ReadAsync(stream, first, 10, TimeSpan.FromMilliseconds(100), Cancel);
        var none = await _transport.ReadAsync(stream, second, 10, TimeSpan.FromMilliseconds(50), Cancel);

        Assert.Equal([first, second], all.Select(entry => entry.Id));
        Assert.Equal([second], later.Select(entry => entry.Id));
        Assert.Empty(none);
    }

    private static string StreamKey([System.Runtime.CompilerServices.CallerMemberName] string test = "") =>
        new StreamKeys().Stream(TestStreams.Unique(test));

    private static StreamField[] Fields(params string[] namesAndValues) =>
        [.. namesAndValues.Chunk(2).Select(pair => new StreamField(pair[0], pair[1]))];
}
