using Fleet.Hosting;
using Fleet.Hosting.TestService;

// The shape of a Fleet service's Program.cs (docs/fleet.md): host, defaults, its events and group, run.
var builder = WebApplication.CreateSlimBuilder(args);
builder.AddFleetService("hosting-test-service")
    .AddEventType(Pinged.Type, 1, TestServiceJsonContext.Default.Pinged)
    .AddConsumerGroup(Pinged.Stream, Pinged.Group, group => group
        .Handle<Pinged, PingedHandler>());
var app = builder.Build();
app.MapFleetEndpoints();
return await app.RunFleetServiceAsync();
