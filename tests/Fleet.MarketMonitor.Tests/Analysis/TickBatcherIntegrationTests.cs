using Fleet.Events;
using Fleet.MarketMonitor.Analysis;
using Fleet.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using NUlid;

namespace Fleet.MarketMonitor.Tests.Analysis;

/// <summary>Group commit per symbol: the ticks that wait while a call of their symbol runs go together in the next call.</summary>
public sealed class TickBatcherIntegrationTests(RedisServerFixture redis)
{
    [Fact]
    public async Task TicksArrivingInReverseWhileACallRuns_GoInOneCall_AllApplied()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url, o => (o.ShortWindow, o.LongWindow) = (2, 3));
        var analyzer = harness.Analyzer();
        var publisher = new GatedPublisher();
        var batcher = new TickBatcher(analyzer, new ResultPublisher(publisher, analyzer, NullLogger<ResultPublisher>.Instance));
        Assert.Equal(TickStatus.Applied, await Apply(batcher, harness, 1, 10m));
        Assert.Equal(TickStatus.Applied, await Apply(batcher, harness, 2, 11m));

        // Tick 3 completes the long window: its call publishes trends, and the first publish waits for the test.
        var third = Apply(batcher, harness, 3, 12m).AsTask();
        await publisher.Entered.Task.WaitAsync(TestContext.Current.CancellationToken);
        var later = Enumerable.Range(4, 7).Reverse().Select(sequence => Apply(batcher, harness, sequence, 12m + sequence).AsTask()).ToList();
        var waitedForTheCall = later.All(t => !t.IsCompleted);
        publisher.Release.SetResult();

        Assert.Equal(TickStatus.Applied, await third);
        Assert.True(waitedForTheCall, "ticks 4 to 10 waited for the running call of their symbol");
        // One at a time in the order they came (10, 9, …, 4), ticks 10 to 5 would have waited behind the gap before 4.
        Assert.All(await Task.WhenAll(later), status => Assert.Equal(TickStatus.Applied, status));
        Assert.Equal("11", (await harness.StateAsync())["next"]);
        Assert.DoesNotContain(await harness.StateAsync(), pair => pair.Key.StartsWith("r:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ManyTicksOfOneSymbolAtOnce_EachAppliedOnce_NoneLeftWaiting()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url);
        var analyzer = harness.Analyzer();
        var batcher = new TickBatcher(analyzer, new ResultPublisher(new GatedPublisher(open: true), analyzer, NullLogger<ResultPublisher>.Instance));
        var prices = TickOrderIntegrationTests.RandomWalk(600, seed: 23);
        var order = Enumerable.Range(1, prices.Count).OrderBy(_ => Random.Shared.Next()).ToList();

        var statuses = await Task.WhenAll(order.Select(sequence => Task.Run(() => Apply(batcher, harness, sequence, prices[sequence - 1]).AsTask(), TestContext.Current.CancellationToken)));

        Assert.DoesNotContain(TickStatus.Duplicate, statuses);
        var state = await harness.StateAsync();
        Assert.Equal(("601", "600", "0"), (state["next"], state["n"], state["bn"]));
        Assert.Equal(prices[^1].ToString(System.Globalization.CultureInfo.InvariantCulture), state["last"]);
    }

    private static ValueTask<TickStatus> Apply(TickBatcher batcher, AnalyzerHarness harness, long sequence, decimal price) =>
        batcher.ApplyAsync(harness.Tick(sequence, price), AnalyzerHarness.EventId(sequence), TestContext.Current.CancellationToken);

    /// <summary>Takes the results' publishes; unless open, the first one waits until the test releases it.</summary>
    private sealed class GatedPublisher(bool open = false) : IEventPublisher
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<PublishResult> PublishAsync<T>(string stream, T data, PublishOptions? options = null, CancellationToken cancellationToken = default)
            where T : class
        {
            if (!open && Entered.TrySetResult())
            {
                await Release.Task.WaitAsync(cancellationToken);
            }

            return new PublishResult(Ulid.NewUlid(), default(Fleet.Redis.RedisStreamId));
        }

        public ValueTask<IReadOnlyList<PublishResult>> PublishBatchAsync<T>(string stream, IReadOnlyList<T> events, PublishOptions? options = null, CancellationToken cancellationToken = default)
            where T : class => throw new NotSupportedException("Results are published one by one.");

        public ValueTask<Ulid> ScheduleAsync<T>(string stream, T data, DateTimeOffset dueAt, PublishOptions? options = null, CancellationToken cancellationToken = default)
            where T : class => throw new NotSupportedException("Results are not scheduled.");
    }
}
