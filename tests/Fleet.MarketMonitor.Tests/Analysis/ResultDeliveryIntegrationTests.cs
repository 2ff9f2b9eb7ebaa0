using Fleet.Events;
using Fleet.MarketMonitor.Analysis;
using Fleet.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.MarketMonitor.Tests.Analysis;

/// <summary>A replica that dies after its tick changed the state and before it published the results (at-least-once).</summary>
public sealed class ResultDeliveryIntegrationTests(RedisServerFixture redis)
{
    private static readonly decimal[] Crossing = [10m, 11m, 12m];

    [Fact]
    public async Task CrashBeforePublish_RedeliveredTickReturnsTheSameResults()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url, o => (o.ShortWindow, o.LongWindow) = (2, 3));
        var first = await harness.ReplicaAsync();
        var made = await harness.ApplySeriesAsync(first, Crossing);

        // The first replica "died" here; another one gets the same tick again (the claim after the processing timeout).
        var redelivered = await AnalyzerHarness.ApplyAsync(await harness.ReplicaAsync(), harness.Tick(3, 12m));

        Assert.Equal(["3.1", "3.2"], made.Select(r => r.Id));
        Assert.Equal(TickStatus.Duplicate, redelivered.Status);
        Assert.Equal(made, redelivered.Results);
        Assert.All(redelivered.Results, r => Assert.Equal(AnalyzerHarness.EventId(3), r.TickEventId));
    }

    [Fact]
    public async Task TickRepublishedWithANewEventId_LeavesTheResultsToTheirLease()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url, o => (o.ShortWindow, o.LongWindow) = (2, 3));
        var analyzer = harness.Analyzer();
        await harness.ApplySeriesAsync(analyzer, Crossing);

        // A new collector leader publishes tick 3 again while the first delivery may still be publishing its results.
        var republished = await analyzer.ApplyAsync(harness.Tick(3, 12m), NUlid.Ulid.NewUlid(), TestContext.Current.CancellationToken);

        Assert.Equal(TickStatus.Duplicate, republished.Status);
        Assert.Empty(republished.Results);
    }

    [Fact]
    public async Task CrashBeforePublish_AfterTheLeaseTheSweepReturnsThem_UntilConfirmed()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url, o => (o.ShortWindow, o.LongWindow) = (2, 3));
        var analyzer = harness.Analyzer();
        var made = await harness.ApplySeriesAsync(analyzer, Crossing);
        harness.Time.Advance(harness.Options.ResultLease - TimeSpan.FromMilliseconds(1));
        var withinLease = await analyzer.SweepAsync(harness.Symbol, TestContext.Current.CancellationToken);
        var otherTick = await AnalyzerHarness.ApplyAsync(analyzer, harness.Tick(4, 12m));

        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        var afterLease = await analyzer.SweepAsync(harness.Symbol, TestContext.Current.CancellationToken);
        var sweptAgain = await analyzer.SweepAsync(harness.Symbol, TestContext.Current.CancellationToken);
        await analyzer.ConfirmAsync(harness.Symbol, afterLease.Results, TestContext.Current.CancellationToken);
        harness.Time.Advance(harness.Options.ResultLease);
        var confirmed = await analyzer.SweepAsync(harness.Symbol, TestContext.Current.CancellationToken);

        Assert.Empty(withinLease.Results);
        Assert.Empty(otherTick.Results);
        Assert.Equal(made, afterLease.Results);
        // Taken over: the lease starts again, so a second sweep at the same time leaves them to the first.
        Assert.Empty(sweptAgain.Results);
        Assert.Empty(confirmed.Results);
        Assert.DoesNotContain(await harness.StateAsync(), pair => pair.Key.StartsWith("r:", StringComparison.Ordinal) || pair.Key.StartsWith("rd", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PublishFails_ResultsOfATickItReleased_TheRetryTakesThemAtOnce()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url, o => (o.ShortWindow, o.LongWindow) = (2, 3));
        var analyzer = harness.Analyzer();
        await AnalyzerHarness.ApplyAsync(analyzer, harness.Tick(1, 10m));
        // Tick 3 arrives first (another delivery) and waits; tick 2's call applies both, so tick 3's results are its.
        var buffered = await AnalyzerHarness.ApplyAsync(analyzer, harness.Tick(3, 12m));
        var applied = await AnalyzerHarness.ApplyAsync(analyzer, harness.Tick(2, 11m));
        var publisher = new ResultPublisher(new RefusingPublisher(), analyzer, NullLogger<ResultPublisher>.Instance);

        await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await publisher.PublishAsync(harness.Symbol, applied.Results, TestContext.Current.CancellationToken));
        // The retry of tick 2: a duplicate, whose event id is in none of tick 3's results. Within their lease.
        var retried = await AnalyzerHarness.ApplyAsync(analyzer, harness.Tick(2, 11m));
        await analyzer.ConfirmAsync(harness.Symbol, retried.Results, TestContext.Current.CancellationToken);
        await analyzer.ReleaseAsync(harness.Symbol, retried.Results, TestContext.Current.CancellationToken);

        Assert.Equal((TickStatus.Buffered, TickStatus.Applied), (buffered.Status, applied.Status));
        Assert.Equal(["3.1", "3.2"], applied.Results.Select(r => r.Id));
        Assert.Equal(TickStatus.Duplicate, retried.Status);
        Assert.Equal(applied.Results, retried.Results);
        // Releasing results confirmed meanwhile leaves no lease behind.
        Assert.DoesNotContain(await harness.StateAsync(), pair => pair.Key.StartsWith("r:", StringComparison.Ordinal) || pair.Key.StartsWith("rd:", StringComparison.Ordinal));
    }

    /// <summary>A publisher whose every publish fails, as when the stream's Redis is unreachable.</summary>
    private sealed class RefusingPublisher : IEventPublisher
    {
        public ValueTask<PublishResult> PublishAsync<T>(string stream, T data, PublishOptions? options = null, CancellationToken cancellationToken = default)
            where T : class => throw new InvalidOperationException("Simulated publish failure.");

        public ValueTask<IReadOnlyList<PublishResult>> PublishBatchAsync<T>(string stream, IReadOnlyList<T> events, PublishOptions? options = null, CancellationToken cancellationToken = default)
            where T : class => throw new InvalidOperationException("Simulated publish failure.");

        public ValueTask<NUlid.Ulid> ScheduleAsync<T>(string stream, T data, DateTimeOffset dueAt, PublishOptions? options = null, CancellationToken cancellationToken = default)
            where T : class => throw new InvalidOperationException("Simulated publish failure.");
    }
}
