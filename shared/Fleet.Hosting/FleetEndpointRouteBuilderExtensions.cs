using Fleet.Hosting.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fleet.Hosting;

/// <summary>Maps the operational endpoints every Fleet service serves on its one HTTP port.</summary>
public static class FleetEndpointRouteBuilderExtensions
{
    /// <summary>The prefix of the health endpoints.</summary>
    public const string HealthPath = "/health";

    /// <summary>Liveness: 200 while the process runs.</summary>
    public const string LivePath = "/health/live";

    /// <summary>Readiness: 200 when Redis is reachable and every consumer group reads, 503 otherwise.</summary>
    public const string ReadyPath = "/health/ready";

    /// <summary>Metrics in the Prometheus text format.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The health-check tag of the checks <see cref="ReadyPath"/> runs.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Maps <c>/health/live</c> (always 200 while the process runs: no check, so a slow Redis never restarts a
    /// healthy process), <c>/health/ready</c> (the checks tagged <c>ready</c>, FleetEventsHealthCheck among them:
    /// 200 when healthy, 503 when degraded or unhealthy, with the checks' description in a small JSON body) and
    /// <c>/metrics</c> (Prometheus text format). Call it once, after <c>builder.Build()</c> of a builder on which
    /// <see cref="FleetServiceBuilderExtensions.AddFleetService"/> ran.
    /// </summary>
    /// <param name="endpoints">The application (a <see cref="WebApplication"/>).</param>
    /// <returns><paramref name="endpoints"/>, for chaining.</returns>
    public static IEndpointRouteBuilder MapFleetEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
            // Degraded means Redis went away or a group is retrying after an error: not ready to take work.
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath);
        return endpoints;
    }
}
