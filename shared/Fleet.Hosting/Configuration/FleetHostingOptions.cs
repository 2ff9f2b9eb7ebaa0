namespace Fleet.Hosting.Configuration;

/// <summary>
/// The settings Fleet.Hosting itself reads, bound from the <c>Fleet</c> section (<c>Fleet__Http__Port</c>,
/// <c>Fleet__Logging__Format</c>, <c>Fleet__ShutdownTimeout</c>) and validated at start. <c>Fleet:Events</c> in the same
/// section belongs to Fleet.Events and is bound there.
/// </summary>
internal sealed class FleetHostingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Fleet";

    /// <summary>The HTTP port of health and metrics.</summary>
    public FleetHttpOptions Http { get; set; } = new();

    /// <summary>How logs are written.</summary>
    public FleetLoggingOptions Logging { get; set; } = new();

    /// <summary>
    /// How long a stop (SIGTERM) waits for in-flight work before the host gives up on it (HostOptions.ShutdownTimeout).
    /// Default 30 s: above Fleet.Events' per-group handler ShutdownTimeout (10 s), so the consumers finish or release
    /// their entries before the host stops waiting.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = DefaultShutdownTimeout;

    /// <summary>The default of <see cref="ShutdownTimeout"/>.</summary>
    public static TimeSpan DefaultShutdownTimeout { get; } = TimeSpan.FromSeconds(30);
}
