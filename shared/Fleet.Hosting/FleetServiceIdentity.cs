using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Fleet.Hosting;

/// <summary>Who this process is, in every log record and in the telemetry resource.</summary>
internal sealed record FleetServiceIdentity(string ServiceName, string TelemetryName, string InstanceName, string Version)
{
    /// <summary>
    /// The identity of service <paramref name="serviceName"/>: <c>OTEL_SERVICE_NAME</c> may rename it in telemetry; the
    /// instance is <c>Fleet:Events:InstanceName</c> (the consumer name in every group) with Fleet.Events' default, the
    /// host name; the version is the entry assembly's informational version.
    /// </summary>
    public static FleetServiceIdentity From(string serviceName, IConfiguration configuration)
    {
        var telemetryName = configuration["OTEL_SERVICE_NAME"];
        var instance = configuration[$"{Fleet.Events.FleetEventsServiceCollectionExtensions.ConfigurationSection}:InstanceName"];
        var assembly = Assembly.GetEntryAssembly() ?? typeof(FleetServiceIdentity).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "0.0.0";
        return new(
            serviceName,
            string.IsNullOrWhiteSpace(telemetryName) ? serviceName : telemetryName,
            string.IsNullOrWhiteSpace(instance) ? Environment.MachineName : instance,
            version);
    }
}
