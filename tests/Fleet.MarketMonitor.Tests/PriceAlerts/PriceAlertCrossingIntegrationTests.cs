using Fleet.Contracts;
using Fleet.MarketMonitor.PriceAlerts;
using Fleet.MarketMonitor.Tests.Analysis;
using Fleet.Testing;

namespace Fleet.MarketMonitor.Tests.PriceAlerts;

public sealed class PriceAlertCrossingIntegrationTests(RedisServerFixture redis)
{
    private const string AlertId = "01KBGM0000000000000000000A";

    [Fact]
    public async Task PriceGoingBackAndForth_OneCrossingPerMoveToTheTriggeredSide()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url);
        var book = new PriceAlertBook(harness.Redis, harness.Contracts);
        var analyzer = harness.Analyzer();
        await book.SubscribeAsync(new PriceAlertSubscribed(AlertId, "alice", harness.Symbol, PriceAlertDirection.Above, 105m), TestContext.Current.CancellationToken);

        // 100 sets the side; 106 crosses; 107 and 105 stay beyond; 104 re-arms; 105 (= threshold) crosses again.
        var results = await harness.ApplySeriesAsync(analyzer, [100m, 103m, 106m, 107m, 105m, 104m, 105m, 110m]);

        var crossings = results.Select(r => r.Crossing!).ToList();
        Assert.Equal([(3L, 106m), (7L, 105m)], crossings.Select(c => (c.Sequence, c.Price)));
        Assert.All(crossings, c => Assert.Equal((AlertId, "alice", harness.Symbol, PriceAlertDirection.Above, 105m), (c.AlertId, c.UserId, c.Symbol, c.Direction, c.Threshold)));
    }

    [Fact]
    public async Task FirstTickAfterSubscribing_OnlySetsTheSide()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url);
        var book = new PriceAlertBook(harness.Redis, harness.Contracts);
        var analyzer = harness.Analyzer();
        await harness.ApplySeriesAsync(analyzer, [90m, 91m]);
        await book.SubscribeAsync(new PriceAlertSubscribed(AlertId, "bob", harness.Symbol, PriceAlertDirection.Below, 95m), TestContext.Current.CancellationToken);

        var beyond = await harness.ApplySeriesAsync(analyzer, [92m, 93m, 96m, 94m], first: 3);

        Assert.Equal([6L], beyond.Select(r => r.Crossing!.Sequence));
    }

    [Fact]
    public async Task Unsubscribed_NoMoreCrossings()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url);
        var book = new PriceAlertBook(harness.Redis, harness.Contracts);
        var analyzer = harness.Analyzer();
        await book.SubscribeAsync(new PriceAlertSubscribed(AlertId, "carol", harness.Symbol, PriceAlertDirection.Above, 105m), TestContext.Current.CancellationToken);
        var before = await harness.ApplySeriesAsync(analyzer, [100m, 106m, 100m]);

        var removed = await book.UnsubscribeAsync(new PriceAlertUnsubscribed(AlertId, "carol", harness.Symbol), TestContext.Current.CancellationToken);
        var after = await harness.ApplySeriesAsync(analyzer, [106m, 100m, 107m], first: 4);

        Assert.Single(before);
        Assert.Equal(UnsubscribeOutcome.Removed, removed);
        Assert.Empty(after);
        Assert.Empty(await harness.Redis.HashGetAllAsync(harness.Contracts.PriceAlerts(harness.Symbol), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TwoAlertsOnOneTick_BothCross()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url);
        var book = new PriceAlertBook(harness.Redis, harness.Contracts);
        await book.SubscribeAsync(new PriceAlertSubscribed(AlertId, "dave", harness.Symbol, PriceAlertDirection.Above, 101m), TestContext.Current.CancellationToken);
        await book.SubscribeAsync(new PriceAlertSubscribed("01KBGM0000000000000000000B", "erin", harness.Symbol, PriceAlertDirection.Above, 102m), TestContext.Current.CancellationToken);

        var results = await harness.ApplySeriesAsync(harness.Analyzer(), [100m, 103m]);

        Assert.Equal([("2.1", "dave"), ("2.2", "erin")], results.Select(r => (r.Id, r.Crossing!.UserId)).Order());
        Assert.NotEqual(CrossingId.Of(results[0].TickEventId, results[0].Crossing!.AlertId), CrossingId.Of(results[1].TickEventId, results[1].Crossing!.AlertId));
    }
}
