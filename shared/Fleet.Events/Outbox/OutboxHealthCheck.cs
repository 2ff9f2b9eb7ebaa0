using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fleet.Events.Outbox;

/// <summary>
/// Health of the publish outbox: <see cref="HealthStatus.Degraded"/> while events wait in it for Redis (they are
/// safe on disk, but not yet delivered), <see cref="HealthStatus.Healthy"/> otherwise. The result's data holds the
/// <c>depth</c> and the <c>directory</c>.
/// </summary>
/// <remarks>
/// Register it with the health-check service of Microsoft.Extensions.Diagnostics.HealthChecks, after
/// <see cref="FleetEventsServiceCollectionExtensions.AddFleetEvents"/>, e.g.
/// <c>services.AddHealthChecks().AddCheck&lt;OutboxHealthCheck&gt;("fleet-outbox", tags: ["ready"])</c>.
/// </remarks>
/// <param name="outbox">The outbox of this process.</param>
public sealed class OutboxHealthCheck(IOutboxMonitor outbox) : IHealthCheck
{
    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var depth = outbox.Depth;
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["depth"] = depth,
            ["directory"] = outbox.Directory,
        };
        return Task.FromResult(depth == 0
            ? new HealthCheckResult(HealthStatus.Healthy, "The publish outbox is empty.", data: data)
            : new HealthCheckResult(
                HealthStatus.Degraded,
                string.Create(CultureInfo.InvariantCulture, $"{depth} event(s) wait in the publish outbox in '{outbox.Directory}' for Redis."),
                data: data));
    }
}
