using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Fleet.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry of a service: traces, metrics and logs over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
/// (protocol, headers and timeout from the other standard <c>OTEL_*</c> variables), and metrics for the Prometheus
/// scrape of <c>/metrics</c> always.
/// </summary>
internal static class FleetTelemetry
{
    /// <summary>The standard variable whose presence turns the OTLP exporter on.</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Every ActivitySource and Meter whose name starts with <c>Fleet.</c>: Fleet.Events, Fleet.Redis and a service's own
    /// (named after its assembly, <c>Fleet.FileProcessor</c>), with no list to keep in step.
    /// </summary>
    private const string FleetSources = "Fleet.*";

    /// <summary>
    /// Adds the OpenTelemetry SDK. Tracing is on even without an exporter: spans give every log record its trace id and
    /// carry <c>traceparent</c> into the events this process publishes, so a trace crosses services that do export.
    /// </summary>
    public static void Add(IServiceCollection services, IConfiguration configuration, FleetServiceIdentity identity)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration[EndpointVariable]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: identity.TelemetryName,
                serviceVersion: identity.Version,
                autoGenerateServiceInstanceId: false,
                serviceInstanceId: identity.InstanceName))
            .WithTracing(tracing => tracing
                .AddSource(FleetSources)
                .AddHttpClientInstrumentation()
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsOperational(context.Request.Path)))
            .WithMetrics(metrics => metrics
                .AddMeter(FleetSources)
                .AddRuntimeInstrumentation()
                .AddHttpClientInstrumentation()
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
        if (otlp)
        {
            // Logs reach OpenTelemetry through Serilog's writeToProviders; the provider exists only when it exports.
            telemetry.WithLogging().UseOtlpExporter();
        }
    }

    /// <summary>Probes and scrapes: not worth a span each, several times a minute.</summary>
    internal static bool IsOperational(PathString path) =>
        path.StartsWithSegments(FleetEndpointRouteBuilderExtensions.HealthPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(FleetEndpointRouteBuilderExtensions.MetricsPath, StringComparison.OrdinalIgnoreCase);
}
