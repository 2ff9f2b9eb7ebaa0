using Fleet.Events.Transport;
using Fleet.Redis;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Events.Tests.Transport;

/// <summary>What only the in-memory transport can show: ids, idle times, expiry and block timeouts on a fake clock.</summary>
public sealed class InMemoryEventTransportTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 30, 45, 123, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly InMemoryEventTransport _memory;
    private readonly IEventTransport _transport;
    private readonly string _stream = new StreamKeys().Stream(TestStreams.Unique());

    public InMemoryEventTransportTests()
    {
        _memory = new InMemoryEventTransport(_time);
        _transport = _memory;
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _memory.DisposeAsync();

    [Fact]
    public async Task AppendAsync_ClockStandsStillThenMoves_IdsFollowTheClock()
    {
        var ms = (ulong)Start.ToUnixTimeMilliseconds();

        var first = await AppendAsync();
        var second = await AppendAsync();
        _time.Advance(TimeSpan.FromMilliseconds(5));
        var third = await AppendAsync();

        Assert.Equal([new(ms, 0), new(ms, 1), new(ms + 5, 0)], new[] { first, second, third });
    }

    [Fact]
    public async Task AppendAsync_ClockGoesBack_IdsKeepIncreasing()
    {
        var clock = new SettableClock { Now = Start };
        await using var memory = new InMemoryEventTransport(clock);
        IEventTransport transport = memory;
        var ms = (ulong)Start.ToUnixTimeMilliseconds();
        await transport.AppendAsync(_stream, [new("n", "x")], trim: null, Cancel);

        clock.Now = Start.AddSeconds(-10);
        var after = await transport.AppendAsync(_stream, [new("n", "x")], trim: null, Cancel);

        Assert.Equal(new RedisStreamId(ms, 1), after);
    }

    [Fact]
    public async Task AppendAsync_AfterTrimmingEverything_IdsStillIncrease()
    {
        var first = await AppendAsync();
        await _transport.AppendAsync(_stream, [new("n", "x")], StreamTrim.MaxLength(0), Cancel);

        var next = await AppendAsync();

        Assert.True(next > first);
        Assert.Single(await _transport.ReadAsync(_stream, RedisStreamId.Zero, 10, block: null, Cancel));
    }

    [Fact]
    public async Task PendingAsync_ClockAdvanced_ReportsExactIdleTime()
    {
        await ReadOneAsync("c1");

        _time.Advance(TimeSpan.FromSeconds(5));

        var pending = Assert.Single(await _transport.PendingAsync(_stream, "g", RedisStreamId.Zero, RedisStreamId.MaxValue, 10, consumer: null, Cancel));
        Assert.Equal(TimeSpan.FromSeconds(5), pending.Idle);
    }

    [Fact]
    public async Task AutoClaimAsync_MinIdle_ClaimsFromTheExactMillisecond()
    {
        await ReadOneAsync("c1");
        var minIdle = TimeSpan.FromSeconds(1);

        _time.Advance(TimeSpan.FromMilliseconds(999));
        var early = await _transport.AutoClaimAsync(_stream, "g", "c2", minIdle, RedisStreamId.Zero, 10, Cancel);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var onTime = await _transport.AutoClaimAsync(_stream, "g", "c2", minIdle, RedisStreamId.Zero, 10, Cancel);

        Assert.Empty(early.Entries);
        Assert.Single(onTime.Entries);
        var pending = Assert.Single(await _transport.PendingAsync(_stream, "g", RedisStreamId.Zero, RedisStreamId.MaxValue, 10, consumer: null, Cancel));
        Assert.Equal(("c2", TimeSpan.Zero, 2L), (pending.Consumer, pending.Idle, pending.DeliveryCount));
    }

    [Fact]
    public async Task ReadGroupAsync_History_ResetsIdleTime()
    {
        await ReadOneAsync("c1");
        _time.Advance(TimeSpan.FromSeconds(3));

        await _transport.ReadGroupAsync(_stream, "g", "c1", "0", 10, block: null, Cancel);

        var pending = Assert.Single(await _transport.PendingAsync(_stream, "g", RedisStreamId.Zero, RedisStreamId.MaxValue, 10, consumer: null, Cancel));
        Assert.Equal((TimeSpan.Zero, 2L), (pending.Idle, pending.DeliveryCount));
    }

    [Fact]
    public async Task IsProcessedAsync_TtlPassesOnTheClock_MarkExpires()
    {
        var mark = _stream + ":done:g:x";
        await _transport.AckAndMarkProcessedAsync(_stream, "g", RedisStreamId.Zero, mark, TimeSpan.FromMinutes(1), Cancel);

        _time.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromMilliseconds(1));
        var before = await _transport.IsProcessedAsync(mark, Cancel);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var after = await _transport.IsProcessedAsync(mark, Cancel);

        Assert.True(before);
        Assert.False(after);
    }

    [Fact]
    public async Task ReleaseDueAsync_DueExactlyNow_IsReleased()
    {
        var now = _time.GetUtcNow();
        await _transport.ScheduleAsync(_stream + ":scheduled", ScheduledEventCodec.Encode([new("id", "a")]), now, Cancel);

        Assert.Equal(0, await _transport.ReleaseDueAsync(_stream + ":scheduled", _stream, _stream + ":dlq", now.AddMilliseconds(-1), 10, trim: null, Cancel));
        Assert.Equal(1, await _transport.ReleaseDueAsync(_stream + ":scheduled", _stream, _stream + ":dlq", now, 10, trim: null, Cancel));
    }

    [Fact]
    public async Task ReadGroupAsync_BlockOnFakeClock_ReturnsEmptyWhenTheClockPassesTheBlockTime()
    {
        await _transport.EnsureGroupAsync(_stream, "g", "$", Cancel);

        // The read registers its wait and its block timer on the fake clock before it returns the pending task.
        var read = _transport.ReadGroupAsync(_stream, "g", "c", ">", 10, TimeSpan.FromSeconds(10), Cancel).AsTask();
        Assert.False(read.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Empty(await read.WaitAsync(TimeSpan.FromSeconds(5), Cancel));
    }

    [Fact]
    public async Task DisposeAsync_ReaderBlocked_ThrowsObjectDisposed()
    {
        await _transport.EnsureGroupAsync(_stream, "g", "$", Cancel);
        var read = _transport.ReadGroupAsync(_stream, "g", "c", ">", 10, TimeSpan.FromSeconds(30), Cancel).AsTask();
        Assert.False(read.IsCompleted, "the read registers its wait before it returns");

        await _memory.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => read.WaitAsync(TimeSpan.FromSeconds(5), Cancel));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => AppendAsync());
    }

    [Fact]
    public async Task Delete_MarkAndScheduledKeys_RemovesThem()
    {
        var mark = _stream + ":done:g:x";
        var scheduled = _stream + ":scheduled";
        await _transport.AckAndMarkProcessedAsync(_stream, "g", RedisStreamId.Zero, mark, TimeSpan.FromMinutes(1), Cancel);
        await _transport.ScheduleAsync(scheduled, ScheduledEventCodec.Encode([new("id", "a")]), _time.GetUtcNow(), Cancel);

        _memory.Delete(mark);
        _memory.Delete(scheduled);

        Assert.False(await _transport.IsProcessedAsync(mark, Cancel));
        Assert.Equal(0, await _transport.ReleaseDueAsync(scheduled, _stream, _stream + ":dlq", _time.GetUtcNow(), 10, trim: null, Cancel));
    }

    [Fact]
    public async Task SubscribeAsync_HandlerThrows_LaterMessagesStillDelivered()
    {
        var received = new List<string>();
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await _transport.SubscribeAsync("c.*", (channel, _) =>
        {
            if (channel == "c.bad")
            {
                throw new InvalidOperationException("handler failure");
            }

            received.Add(channel);
            delivered.TrySetResult();
            return ValueTask.CompletedTask;
        }, Cancel);

        await _transport.NotifyAsync("c.bad", ReadOnlyMemory<byte>.Empty, Cancel);
        await _transport.NotifyAsync("c.good", ReadOnlyMemory<byte>.Empty, Cancel);

        await delivered.Task.WaitAsync(TimeSpan.FromSeconds(5), Cancel);
        Assert.Equal(["c.good"], received);
    }

    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("a*", "", false)]
    [InlineData("a*c", "abbbc", true)]
    [InlineData("a*c", "abbbd", false)]
    [InlineData("a**b", "ab", true)]
    [InlineData("h?llo", "hello", true)]
    [InlineData("h?llo", "hllo", false)]
    [InlineData("h[ae]llo", "hallo", true)]
    [InlineData("h[ae]llo", "hillo", false)]
    [InlineData("h[^e]llo", "hallo", true)]
    [InlineData("h[^e]llo", "hello", false)]
    [InlineData("h[a-b]llo", "hbllo", true)]
    [InlineData("h[b-a]llo", "hbllo", true)]
    [InlineData("h[a-b]llo", "hcllo", false)]
    [InlineData("h\\*llo", "h*llo", true)]
    [InlineData("h\\*llo", "hello", false)]
    [InlineData("h[\\]]llo", "h]llo", true)]
    [InlineData("price.updated.*", "price.updated.btc", true)]
    [InlineData("price.updated.*", "price.updatedx", false)]
    [InlineData("abc", "abcd", false)]
    [InlineData("abc*", "abc", true)]
    [InlineData("[abc", "a", true)]
    public async Task NotifyAsync_RedisGlobPattern_MatchesAsRedisDoes(string pattern, string channel, bool matches)
    {
        await using var subscription = await _transport.SubscribeAsync(pattern, (_, _) => ValueTask.CompletedTask, Cancel);

        Assert.Equal(matches ? 1 : 0, await _transport.NotifyAsync(channel, ReadOnlyMemory<byte>.Empty, Cancel));
    }

    private async Task<RedisStreamId> AppendAsync() => await _transport.AppendAsync(_stream, [new("n", "x")], trim: null, Cancel);

    private async Task ReadOneAsync(string consumer)
    {
        await AppendAsync();
        await _transport.EnsureGroupAsync(_stream, "g", "0", Cancel);
        Assert.Single(await _transport.ReadGroupAsync(_stream, "g", consumer, ">", 10, block: null, Cancel));
    }

    /// <summary>A clock that can be set back, which FakeTimeProvider refuses (a host's clock can still jump back).</summary>
    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
