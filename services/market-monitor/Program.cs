using Fleet.Contracts;
using Fleet.Hosting;
using Fleet.MarketMonitor;
using Fleet.MarketMonitor.Analysis;
using Fleet.MarketMonitor.Collector;
using Fleet.MarketMonitor.Handlers;

// market-monitor: the replica holding the `market-collector` lease on market.events replays the configured feed as
// market.data.collected; every replica analyses market.events in group `market-monitor` and keeps users' price alerts
// (user.events).
var builder = WebApplication.CreateSlimBuilder(args);
if (FleetHealthCheck.IsRequested(args))
{
    return await FleetHealthCheck.RunAsync(builder.Configuration);   // the container's HEALTHCHECK: no shell, no curl
}

builder.AddFleetService("market-monitor")
    .AddFleetContracts()
    .AddMarketCollector(builder.Configuration) // AddLeaderWork<TickCollector>(market.events, "market-collector") unless disabled
    .AddConsumerGroup(FleetStreams.Market, TickGroup.Name, group => group
        .HandleBatch<MarketDataCollected, MarketDataCollectedHandler>() // a read's ticks, one tick script call per symbol
        .Configure(TickGroup.Configure))
    .AddConsumerGroup(FleetStreams.User, "market-monitor", group => group
        .Handle<PriceAlertSubscribed, PriceAlertSubscribedHandler>(partitionKey: e => e.AlertId)
        .Handle<PriceAlertUnsubscribed, PriceAlertUnsubscribedHandler>(partitionKey: e => e.AlertId));
builder.Services.AddMarketMonitor(builder.Configuration);
builder.Services.AddMarketAnalysis(builder.Configuration);
var app = builder.Build();
app.MapFleetEndpoints();
return await app.RunFleetServiceAsync();
