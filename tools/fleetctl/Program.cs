using Spectre.Console.Cli;

// fleetctl: the operator's command line for Fleet (docs/fleetctl.md).
var app = new CommandApp();
app.Configure(config => config.SetApplicationName("fleetctl"));
return await app.RunAsync(args);
