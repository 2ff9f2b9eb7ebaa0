using Fleet.Contracts;
using Fleet.Events;
using Fleet.Notifier;
using Fleet.Notifier.Handlers;
using Fleet.Redis;

// Provisional host until Fleet.Hosting lands (then: builder.AddFleetService("notifier")).
var builder = WebApplication.CreateSlimBuilder(args);
var redis = RedisClient.Create(RedisClientOptions.Parse(Environment.GetEnvironmentVariable("REDIS_URL") ?? "redis://127.0.0.1:6379"));
builder.Services.AddSingleton(redis);
builder.Services.AddFleetEvents()
    .UseRedis(redis)
    .AddFleetContracts()
    .AddConsumerGroup(FleetStreams.User, "notifier", group => group
        .Handle<UserPreferencesUpdated, PreferencesUpdatedHandler>(partitionKey: e => e.UserId))
    .AddConsumerGroup(FleetStreams.Notification, "notifier", group => group
        .Handle<NotificationRequested, NotificationRequestedHandler>(partitionKey: e => e.UserId)
        .Configure(o => o.ProcessingTimeout = NotifierOptions.HandlerBudget));
builder.Services.AddNotifier(builder.Configuration);
await builder.Build().RunAsync();
