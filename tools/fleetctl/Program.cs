using Fleet.Ctl.Cli;

// fleetctl: the operator's command line for Fleet (docs/fleetctl.md).
return await FleetCtlApp.RunAsync(args);
