using System.Collections.Concurrent;
using Fleet.Events.Consumers;
using Fleet.Redis;
using Fleet.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Events.Tests.Consumers;

public sealed class AckBatcherTests
{
    private static readonly ConsumerIdentity Identity = new(new StreamKeys(), "orders", "workers", "me");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Add_WhileIdle_SendsTheIdAtOnce()
    {
        var sent = new ConcurrentQueue<RedisStreamId[]>();
        using var batcher = new AckBatcher((ids, _) => Record(sent, ids), _ => { }, _ => { }, 256, Identity, TimeProvider.System, NullLogger.Instance);
        batcher.Start();

        Assert.True(batcher.Add(Id(1)));

        await Eventually.TrueAsync(() => sent.Count == 1, "the id was sent");
        Assert.Equal([Id(1)], Assert.Single(sent));
        await batcher.StopAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Add_WhileAnAckIsInFlight_CollectsIdsIntoTheNextBatchUpToTheBatchSize()
    {
        var sent = new ConcurrentQueue<RedisStreamId[]>();
        var firstInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var batcher = new AckBatcher(
            async (ids, ct) =>
            {
                var first = sent.IsEmpty;
                await Record(sent, ids);
                if (first)
                {
                    firstInFlight.SetResult();
                    await releaseFirst.Task.WaitAsync(ct);
                }

                return ids.Count;
            },
            _ => { },
            _ => { },
            4,
            Identity,
            TimeProvider.System,
            NullLogger.Instance);
        batcher.Start();

        batcher.Add(Id(1));
        await firstInFlight.Task.WaitAsync(TimeSpan.FromSeconds(5), Cancel);
        for (var i = 2; i <= 7; i++)
        {
            batcher.Add(Id(i));
        }

        // The loop awaits the XACK in flight: nothing else can have been sent yet.
        Assert.Single(sent);
        releaseFirst.SetResult();
        await Eventually.TrueAsync(() => sent.Count == 3, "three batches were sent");

        Assert.Equal([[Id(1)], [Id(2), Id(3), Id(4), Id(5)], [Id(6), Id(7)]], sent);
        await batcher.StopAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task SendAsync_AckFails_IsRetriedWithTheSameIds()
    {
        var attempts = new ConcurrentQueue<RedisStreamId[]>();
        using var batcher = new AckBatcher(
            async (ids, _) =>
            {
                await Record(attempts, ids);
                if (attempts.Count < 3)
                {
                    throw new InvalidOperationException("Redis is unreachable");
                }

                return ids.Count;
            },
            _ => { },
            _ => { },
            256,
            Identity,
            TimeProvider.System,
            NullLogger.Instance);
        batcher.Start();

        batcher.Add(Id(1));
        batcher.Add(Id(2));

        await Eventually.TrueAsync(() => attempts.Count >= 3, "the ack was tried three times");
        await batcher.StopAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, ids => Assert.Equal([Id(1), Id(2)], ids));
    }

    [Fact]
    public async Task StopAsync_IdsQueued_SendsThemBeforeReturningAndRefusesNewOnes()
    {
        var sent = new ConcurrentQueue<RedisStreamId[]>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var batcher = new AckBatcher(
            async (ids, ct) =>
            {
                await gate.Task.WaitAsync(ct);
                return await Record(sent, ids);
            },
            _ => { },
            _ => { },
            256,
            Identity,
            TimeProvider.System,
            NullLogger.Instance);
        batcher.Start();
        batcher.Add(Id(1));
        batcher.Add(Id(2));

        var stopping = batcher.StopAsync(TimeSpan.FromSeconds(5));
        Assert.False(batcher.Add(Id(3)));
        gate.SetResult();
        await stopping;

        Assert.Equal([Id(1), Id(2)], sent.SelectMany(ids => ids));
    }

    [Fact]
    public async Task StopAsync_AckNeverReturns_GivesUpAfterTheTimeout()
    {
        var time = new FakeTimeProvider();
        var inFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var batcher = new AckBatcher(
            (_, ct) =>
            {
                inFlight.TrySetResult();
                return new ValueTask<long>(Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => 0L, TaskScheduler.Default));
            },
            _ => { },
            _ => { },
            256,
            Identity,
            time,
            NullLogger.Instance);
        batcher.Start();
        batcher.Add(Id(1));
        await inFlight.Task.WaitAsync(Eventually.DefaultLimit, Cancel);

        var stopping = batcher.StopAsync(TimeSpan.FromMilliseconds(100));
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(stopping.IsCompleted, "stop waits for the XACK in flight until its timeout");
        time.Advance(TimeSpan.FromMilliseconds(1));

        await stopping.WaitAsync(Eventually.DefaultLimit, Cancel);
    }

    [Fact]
    public async Task Settled_IsToldOfEachIdOnlyAfterItsAckReturned()
    {
        var settled = new ConcurrentQueue<RedisStreamId>();
        var inFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var batcher = new AckBatcher(
            async (ids, ct) =>
            {
                inFlight.TrySetResult();
                await release.Task.WaitAsync(ct);
                return ids.Count;
            },
            ids =>
            {
                foreach (var id in ids)
                {
                    settled.Enqueue(id);
                }
            },
            _ => { },
            256,
            Identity,
            TimeProvider.System,
            NullLogger.Instance);
        batcher.Start();

        batcher.Add(Id(1));
        await inFlight.Task.WaitAsync(TimeSpan.FromSeconds(5), Cancel);
        Assert.Empty(settled);
        release.SetResult();

        await Eventually.TrueAsync(() => !settled.IsEmpty, "the id was settled");
        Assert.Equal([Id(1)], settled);
        await batcher.StopAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AddLost_ReportsTheLossOnlyWhenItsOwnXackRemovedTheEntry()
    {
        // Id(2) was already removed from the pending list by another path (a claim's deleted ids): its XACK replies 0.
        var pending = new HashSet<RedisStreamId> { Id(1), Id(3) };
        var sent = new ConcurrentQueue<RedisStreamId[]>();
        var lost = new ConcurrentQueue<RedisStreamId>();
        var settled = new ConcurrentQueue<RedisStreamId>();
        using var batcher = new AckBatcher(
            (ids, _) =>
            {
                sent.Enqueue([.. ids]);
                long removed;
                lock (pending)
                {
                    removed = ids.Count(pending.Remove);
                }

                return ValueTask.FromResult(removed);
            },
            ids =>
            {
                foreach (var id in ids)
                {
                    settled.Enqueue(id);
                }
            },
            lost.Enqueue,
            256,
            Identity,
            TimeProvider.System,
            NullLogger.Instance);

        Assert.True(batcher.AddLost(Id(1)));
        Assert.True(batcher.AddLost(Id(2)));
        Assert.True(batcher.Add(Id(3)));
        batcher.Start();
        await batcher.StopAsync(Eventually.DefaultLimit);

        Assert.Equal([Id(1)], lost);
        Assert.Equal([Id(1), Id(2), Id(3)], settled.Order());
        Assert.Contains(sent, ids => ids.SequenceEqual([Id(1)]));
        Assert.Contains(sent, ids => ids.SequenceEqual([Id(2)]));
    }

    private static RedisStreamId Id(int n) => new(1000, (ulong)n);

    private static ValueTask<long> Record(ConcurrentQueue<RedisStreamId[]> sent, IReadOnlyList<RedisStreamId> ids)
    {
        sent.Enqueue([.. ids]);
        return ValueTask.FromResult<long>(ids.Count);
    }
}
