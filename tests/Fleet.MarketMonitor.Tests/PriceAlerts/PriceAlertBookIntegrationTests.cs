using Fleet.Contracts;
using Fleet.MarketMonitor.PriceAlerts;
using Fleet.MarketMonitor.Tests.Analysis;
using Fleet.Testing;

namespace Fleet.MarketMonitor.Tests.PriceAlerts;

public sealed class PriceAlertBookIntegrationTests(RedisServerFixture redis)
{
    private const string AlertId = "01KBGM0000000000000000000C";

    [Fact]
    public async Task SubscribeRedelivered_StoredOnceAndTheSideKept()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url);
        var book = new PriceAlertBook(harness.Redis, harness.Contracts);
        var alert = new PriceAlertSubscribed(AlertId, "alice", harness.Symbol, PriceAlertDirection.Above, 105.5m);
        var first = await book.SubscribeAsync(alert, TestContext.Current.CancellationToken);
        await harness.ApplySeriesAsync(harness.Analyzer(), [100m]);

        var again = await book.SubscribeAsync(alert, TestContext.Current.CancellationToken);

        Assert.Equal((SubscribeOutcome.Stored, SubscribeOutcome.AlreadyStored), (first, again));
        var hash = await harness.Redis.HashGetAllAsync(harness.Contracts.PriceAlerts(harness.Symbol), TestContext.Current.CancellationToken);
        Assert.Equal(["a:" + AlertId + "=alice|above|105.5", "s:" + AlertId + "=n"], hash.Select(p => p.Key + "=" + p.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UnsubscribeHandledBeforeItsSubscribe_TheLateSubscribeIsIgnored()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url);
        var book = new PriceAlertBook(harness.Redis, harness.Contracts);

        var unsubscribed = await book.UnsubscribeAsync(new PriceAlertUnsubscribed(AlertId, "bob", harness.Symbol), TestContext.Current.CancellationToken);
        var late = await book.SubscribeAsync(new PriceAlertSubscribed(AlertId, "bob", harness.Symbol, PriceAlertDirection.Below, 90m), TestContext.Current.CancellationToken);

        Assert.Equal((UnsubscribeOutcome.NotSubscribed, SubscribeOutcome.UnsubscribedBefore), (unsubscribed, late));
        Assert.False(await harness.Redis.ExistsAsync(harness.Contracts.PriceAlerts(harness.Symbol), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task UnsubscribeByAnotherUser_KeepsTheAlert()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url);
        var book = new PriceAlertBook(harness.Redis, harness.Contracts);
        await book.SubscribeAsync(new PriceAlertSubscribed(AlertId, "carol", harness.Symbol, PriceAlertDirection.Above, 10m), TestContext.Current.CancellationToken);

        var refused = await book.UnsubscribeAsync(new PriceAlertUnsubscribed(AlertId, "mallory", harness.Symbol), TestContext.Current.CancellationToken);

        Assert.Equal(UnsubscribeOutcome.NotOwner, refused);
        Assert.True(await harness.Redis.HashExistsAsync(harness.Contracts.PriceAlerts(harness.Symbol), "a:" + AlertId, TestContext.Current.CancellationToken));
    }
}
