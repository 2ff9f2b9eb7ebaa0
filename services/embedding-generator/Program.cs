using Fleet.Contracts;
using Fleet.EmbeddingGenerator;
using Fleet.EmbeddingGenerator.Handlers;
using Fleet.EmbeddingGenerator.Lanes;
using Fleet.Events;

// embedding-generator (DESIGN.md section 1): group embedding-generator on the three embedding lanes (ADR 0007).
var builder = WebApplication.CreateSlimBuilder(args);
var lane = EmbeddingLanes.GroupOptions(builder.Configuration);
builder.Services.AddFleetEvents()
    .UseRedis(builder.Configuration["REDIS_URL"] ?? "redis://127.0.0.1:6379")
    .AddFleetContracts()
    .AddConsumerGroup(FleetStreams.AiHigh, "embedding-generator", group => group
        .Handle<EmbeddingGenerationRequested, EmbeddingGenerationRequestedHandler>().Configure(lane))
    .AddConsumerGroup(FleetStreams.Ai, "embedding-generator", group => group
        .Handle<EmbeddingGenerationRequested, EmbeddingGenerationRequestedHandler>()
        .Handle<EmbeddingSearchRequested, EmbeddingSearchRequestedHandler>().Configure(lane))
    .AddConsumerGroup(FleetStreams.AiLow, "embedding-generator", group => group
        .Handle<EmbeddingGenerationRequested, EmbeddingGenerationRequestedHandler>().Configure(lane));
builder.Services.AddEmbeddingGeneration(builder.Configuration);
var app = builder.Build();
await app.RunAsync();
