using Fleet.Contracts;
using Fleet.Hosting;
using Fleet.MarketMonitor;

// market-monitor: the replica holding the `market-collector` lease on market.events replays the configured feed as
// market.data.collected; every replica analyses market.events in group `market-monitor` and keeps users' price alerts
// (user.events).
var builder = WebApplication.CreateSlimBuilder(args);
builder.AddFleetService("market-monitor")
    .AddFleetContracts();
builder.Services.AddMarketMonitor(builder.Configuration);
var app = builder.Build();
app.MapFleetEndpoints();
return await app.RunFleetServiceAsync();
