using System.Text.Json;
using Fleet.Contracts;
using Fleet.MarketMonitor.Analysis;
using Fleet.MarketMonitor.PriceAlerts;
using Fleet.MarketMonitor.Tests.Analysis;
using Fleet.Testing;

namespace Fleet.MarketMonitor.Tests.PriceAlerts;

/// <summary>Subscriptions on user.events and crossings as notification.requested, through the consumer runtime.</summary>
public sealed class PriceAlertNotificationIntegrationTests(RedisServerFixture redis)
{
    private static readonly FleetContractsJsonContext Json = FleetContractsJsonContext.Default;

    [Fact]
    public async Task TwoAlertsCrossingOnOneTick_OneNotificationEachWithItsOwnDeliveryKey()
    {
        var symbol = AnalyzerHarness.NewSymbol();
        await using var host = await MarketHost.StartAsync(redis.Server.Url, MarketHost.NewPrefix(), "market-monitor-1", [symbol]);
        var alerts = new[]
        {
            new PriceAlertSubscribed("01KBGM0000000000000000000D", "dave", symbol, PriceAlertDirection.Above, 101m),
            new PriceAlertSubscribed("01KBGM0000000000000000000E", "erin", symbol, PriceAlertDirection.Above, 102.5m),
        };
        var subscribed = await host.Publisher.PublishBatchAsync(FleetStreams.User, alerts, cancellationToken: TestContext.Current.CancellationToken);
        await host.WaitHandledAsync(FleetStreams.User, subscribed[^1].EntryId);

        decimal[] prices = [100m, 103m, 104m];
        var ticks = prices.Select((p, i) => new MarketDataCollected(symbol, p, 1, AnalyzerHarness.Start.AddSeconds(i), i + 1, 1)).ToList();
        var sent = await host.Publisher.PublishBatchAsync(FleetStreams.Market, ticks, cancellationToken: TestContext.Current.CancellationToken);
        await host.WaitHandledAsync(FleetStreams.Market, sent[^1].EntryId);

        var requests = await host.EnvelopesAsync(FleetStreams.Notification, "notification.requested");
        var data = requests.Select(r => JsonSerializer.Deserialize(r.Data.Span, Json.NotificationRequested)!).ToList();
        Assert.Equal([("dave", "01KBGM0000000000000000000D"), ("erin", "01KBGM0000000000000000000E")], data.Select(d => (d.UserId, d.Reference!)).Order());
        Assert.All(data, d => Assert.Equal(PriceAlertMessage.Topic, d.Topic));
        Assert.Contains($"{symbol} rose to 103 (above your alert at 102.5)", data.Select(d => d.Subject));
        // The notifier's delivery key is {causation id}:{topic}: distinct per alert, derived from the tick that crossed.
        Assert.Equal(2, requests.Select(r => r.CausationId).Distinct().Count());
        Assert.All(requests, r => Assert.Equal(sent[1].EventId.ToString(), r.Metadata![ResultPublisher.TickEventIdMetadata]));
        Assert.Equal(
            alerts.Select(a => CrossingId.Of(sent[1].EventId, a.AlertId)).Order(),
            requests.Select(r => r.CausationId!.Value).Order());
    }

    [Fact]
    public async Task UnsubscribeOnUserEvents_StopsTheNotifications()
    {
        var symbol = AnalyzerHarness.NewSymbol();
        await using var host = await MarketHost.StartAsync(redis.Server.Url, MarketHost.NewPrefix(), "market-monitor-1", [symbol]);
        const string alertId = "01KBGM0000000000000000000F";
        await host.Publisher.PublishAsync(FleetStreams.User, new PriceAlertSubscribed(alertId, "frank", symbol, PriceAlertDirection.Below, 95m), cancellationToken: TestContext.Current.CancellationToken);
        var unsubscribed = await host.Publisher.PublishAsync(FleetStreams.User, new PriceAlertUnsubscribed(alertId, "frank", symbol), cancellationToken: TestContext.Current.CancellationToken);
        await host.WaitHandledAsync(FleetStreams.User, unsubscribed.EntryId);

        decimal[] prices = [100m, 94m];
        var ticks = prices.Select((p, i) => new MarketDataCollected(symbol, p, 1, AnalyzerHarness.Start.AddSeconds(i), i + 1, 1)).ToList();
        var sent = await host.Publisher.PublishBatchAsync(FleetStreams.Market, ticks, cancellationToken: TestContext.Current.CancellationToken);
        await host.WaitHandledAsync(FleetStreams.Market, sent[^1].EntryId);

        Assert.Empty(await host.EnvelopesAsync(FleetStreams.Notification, "notification.requested"));
        Assert.Equal("2", (await host.Redis.HashGetAsync(host.Contracts.MarketState(symbol), "n", TestContext.Current.CancellationToken)).ToString());
    }
}
