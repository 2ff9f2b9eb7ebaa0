using Fleet.Contracts;
using Fleet.EmbeddingGenerator;
using Fleet.EmbeddingGenerator.Handlers;
using Fleet.EmbeddingGenerator.Lanes;
using Fleet.Hosting;

// embedding-generator (DESIGN.md section 1): group embedding-generator on the three embedding lanes (ADR 0007); every
// answer goes to ai.events. Each lane's group takes as many requests as the shared priority gate has slots.
var builder = WebApplication.CreateSlimBuilder(args);
if (FleetHealthCheck.IsRequested(args))
{
    return await FleetHealthCheck.RunAsync(builder.Configuration);   // the container's HEALTHCHECK: no shell, no curl
}

var lane = EmbeddingLanes.GroupOptions(builder.Configuration);
builder.AddFleetService("embedding-generator")
    .AddFleetContracts()
    .AddConsumerGroup(FleetStreams.AiHigh, "embedding-generator", group => group
        .Handle<EmbeddingGenerationRequested, EmbeddingGenerationRequestedHandler>(partitionKey: e => e.FileId).Configure(lane))
    .AddConsumerGroup(FleetStreams.Ai, "embedding-generator", group => group
        .Handle<EmbeddingGenerationRequested, EmbeddingGenerationRequestedHandler>(partitionKey: e => e.FileId)
        .Handle<EmbeddingSearchRequested, EmbeddingSearchRequestedHandler>().Configure(lane))
    .AddConsumerGroup(FleetStreams.AiLow, "embedding-generator", group => group
        .Handle<EmbeddingGenerationRequested, EmbeddingGenerationRequestedHandler>(partitionKey: e => e.FileId).Configure(lane));
builder.Services.AddEmbeddingGeneration(builder.Configuration);
var app = builder.Build();
app.MapFleetEndpoints();
return await app.RunFleetServiceAsync();
