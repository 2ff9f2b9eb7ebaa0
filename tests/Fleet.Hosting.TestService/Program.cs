using Fleet.Hosting;
using Fleet.Hosting.TestService;

// The shape of a Fleet service's Program.cs (docs/fleet.md): host, defaults, its events and group, run.
var builder = WebApplication.CreateSlimBuilder(args);
if (FleetHealthCheck.IsRequested(args))
{
    return await FleetHealthCheck.RunAsync(builder.Configuration);   // the container's HEALTHCHECK: no shell, no curl
}

var events = builder.AddFleetService("hosting-test-service")
    .AddEventType(Pinged.Type, 1, TestServiceJsonContext.Default.Pinged)
    .AddConsumerGroup(Pinged.Stream, Pinged.Group, group => group
        .Handle<Pinged, PingedHandler>());

// Leader mode (TestService__Leader__Enabled=true): one process of several beats at a time (tests/Fleet.Hosting.Tests/Leadership).
var leader = builder.Configuration.GetSection(LeaderBeatOptions.Section);
if (leader.GetValue<bool>(nameof(LeaderBeatOptions.Enabled)))
{
    builder.Services.AddOptions<LeaderBeatOptions>().Bind(leader);
    events.AddEventType(LeaderBeat.Type, 1, TestServiceJsonContext.Default.LeaderBeat)
        .AddLeaderWork<LeaderBeatWork>(LeaderBeat.Stream, LeaderBeat.Lease);
}

var app = builder.Build();
app.MapFleetEndpoints();
return await app.RunFleetServiceAsync();
