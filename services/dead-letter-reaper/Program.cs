using Fleet.Contracts;
using Fleet.DeadLetterReaper;
using Fleet.DeadLetterReaper.Alerts;
using Fleet.DeadLetterReaper.DeadLetters;
using Fleet.DeadLetterReaper.Requests;
using Fleet.Hosting;

// dead-letter-reaper: re-drives or parks the dead letters of every stream's :dlq by policy, serves operators' re-drive
// and purge requests (system.events) and removes dead consumers.
var builder = WebApplication.CreateSlimBuilder(args);
if (FleetHealthCheck.IsRequested(args))
{
    return await FleetHealthCheck.RunAsync(builder.Configuration);   // the container's HEALTHCHECK: no shell, no curl
}

builder.AddFleetService("dead-letter-reaper")
    .AddFleetContracts()
    .AddConsumerGroup(FleetStreams.System, ReaperKeys.Group, group => group
        .Handle<DeadLetterRedriveRequested, RedriveRequestedHandler>()
        .Handle<DeadLetterPurgeRequested, PurgeRequestedHandler>())
    .AddLeaderWork<AlertEvaluator>(FleetStreams.System, AlertEvaluator.LeaseName);
builder.Services.AddDeadLetterReaper(builder.Configuration);
builder.Services.AddAlertEvaluation(builder.Configuration);

var app = builder.Build();
app.MapFleetEndpoints();
return await app.RunFleetServiceAsync();
