using Fleet.Contracts;
using Fleet.Events;
using Fleet.FileProcessor;
using Fleet.FileProcessor.Handlers;
using Fleet.Redis;

// Interim host until Fleet.Hosting lands (AddFleetService / MapFleetEndpoints / RunFleetServiceAsync).
var builder = WebApplication.CreateSlimBuilder(args);
var redis = RedisClient.Create(RedisClientOptions.Parse(builder.Configuration.GetConnectionString("Redis") ?? builder.Configuration["REDIS_URL"] ?? "redis://127.0.0.1:6379"));
builder.Services.AddSingleton(redis);
builder.Services.AddFleetEvents()
    .UseRedis(redis)
    .AddFleetContracts()
    .AddConsumerGroup(FleetStreams.Contextual, FileProcessorGroup.Name, group => group
        .Configure(FileProcessorGroup.Options(builder.Configuration))
        .Handle<FileUploaded, FileUploadedHandler>(partitionKey: e => e.FileId))
    .AddConsumerGroup(FleetStreams.User, FileProcessorGroup.Name, group => group
        .Handle<UserTierChanged, UserTierChangedHandler>(partitionKey: e => e.UserId));
builder.Services.AddFileProcessing(builder.Configuration);
var app = builder.Build();
await app.RunAsync();
