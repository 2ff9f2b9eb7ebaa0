using Fleet.Contracts;
using Fleet.FileProcessor;
using Fleet.FileProcessor.Handlers;
using Fleet.Hosting;

// file-processor: reads file.uploaded on contextual.events (group file-processor), extracts and chunks the text, asks
// embedding-generator for the vectors, and reports file.processed or file.processing.failed; keeps user tiers from user.events.
var builder = WebApplication.CreateSlimBuilder(args);
if (FleetHealthCheck.IsRequested(args))
{
    return await FleetHealthCheck.RunAsync(builder.Configuration);   // the container's HEALTHCHECK: no shell, no curl
}

builder.AddFleetService("file-processor")
    .AddFleetContracts()
    .AddConsumerGroup(FleetStreams.Contextual, FileProcessorGroup.Name, group => group
        .Configure(FileProcessorGroup.Options(builder.Configuration))
        .Handle<FileUploaded, FileUploadedHandler>(partitionKey: e => e.FileId))
    .AddConsumerGroup(FleetStreams.User, FileProcessorGroup.Name, group => group
        .Handle<UserTierChanged, UserTierChangedHandler>(partitionKey: e => e.UserId));
builder.Services.AddFileProcessing(builder.Configuration);
var app = builder.Build();
app.MapFleetEndpoints();
return await app.RunFleetServiceAsync();
