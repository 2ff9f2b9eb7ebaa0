using Fleet.Contracts;
using Fleet.Hosting;
using Fleet.Notifier;
using Fleet.Notifier.Handlers;

// notifier: keeps users' preferences (user.events) and delivers notification.requested (notification.events) on
// their channels, publishing notification.delivered / notification.failed.
var builder = WebApplication.CreateSlimBuilder(args);
if (FleetHealthCheck.IsRequested(args))
{
    return await FleetHealthCheck.RunAsync(builder.Configuration);   // the container's HEALTHCHECK: no shell, no curl
}

builder.AddFleetService("notifier")
    .AddFleetContracts()
    .AddConsumerGroup(FleetStreams.User, "notifier", group => group
        .Handle<UserPreferencesUpdated, PreferencesUpdatedHandler>(partitionKey: e => e.UserId))
    .AddConsumerGroup(FleetStreams.Notification, "notifier", group => group
        .Handle<NotificationRequested, NotificationRequestedHandler>(partitionKey: e => e.UserId)
        .Configure(o =>
        {
            o.Concurrency = 4;
            o.ProcessingTimeout = NotifierOptions.HandlerBudget;
        }));
builder.Services.AddNotifier(builder.Configuration);
var app = builder.Build();
app.MapFleetEndpoints();
return await app.RunFleetServiceAsync();
