namespace Fleet.Hosting;

/// <summary>The exit codes of <see cref="FleetApplicationExtensions.RunFleetServiceAsync"/>.</summary>
public static class FleetExitCodes
{
    /// <summary>Stopped on request (SIGTERM, Ctrl-C) after finishing its in-flight work.</summary>
    public const int Stopped = 0;

    /// <summary>Could not start (the HTTP port in use, the instance name held by a live process), or a background service failed.</summary>
    public const int Failed = 1;

    /// <summary>A setting is missing or bad; stderr has one line per problem naming the option.</summary>
    public const int ConfigurationError = 2;
}
