using Fleet.Contracts;
using Fleet.EventGateway.Api;
using Fleet.EventGateway.Archive;
using Fleet.EventGateway.Dashboard;
using Fleet.EventGateway.Replay;
using Fleet.Hosting;

// event-gateway: the fleet's durable archive in PostgreSQL (group archiver on every stream, its :dlq and :parked),
// the HTTP API of seed 004 (publish, query, replay, stats, dead letters) and the operator dashboard.
var builder = WebApplication.CreateSlimBuilder(args);
if (FleetHealthCheck.IsRequested(args))
{
    return await FleetHealthCheck.RunAsync(builder.Configuration);   // the container's HEALTHCHECK: no shell, no curl
}

builder.AddFleetService("event-gateway")
    .AddFleetContracts();
builder.Services.AddEventArchive(builder.Configuration);
builder.Services.AddGatewayApi(builder.Configuration);
builder.Services.AddReplayJobs(builder.Configuration);
builder.Services.AddDashboard(builder.Configuration);
var app = builder.Build();
app.UseGatewayApi();
app.MapFleetEndpoints();
app.MapGatewayApi();
app.MapReplayApi();
app.MapDashboard();
return await app.RunFleetServiceAsync();
