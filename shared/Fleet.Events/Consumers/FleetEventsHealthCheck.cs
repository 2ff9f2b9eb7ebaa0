using System.Globalization;
using Fleet.Events.Consumers;
using Fleet.Events.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fleet.Events;

/// <summary>
/// Health of this process's consumer loops (one per consumer group). <see cref="HealthStatus.Unhealthy"/> when a loop
/// is not running, has not read yet (Redis unreachable since start, the group not yet created, or the instance name not
/// yet this process's: another live process using the name shows as its last error), when Redis is unreachable and a
/// loop has not read yet (the description starts "Redis at host:port is unreachable"), when it has not read for longer than three block timeouts (at least 30 s) while it had room to
/// read, or when a handler has run for more than twice the processing timeout (it ignores its cancellation token and
/// holds its slot: only a restart frees it); <see cref="HealthStatus.Degraded"/> when Redis is unreachable after every loop
/// read, or a loop's last transport error is more recent than its last successful read (the loop retrying); <see cref="HealthStatus.Healthy"/> otherwise. The result's data holds
/// each loop's <see cref="ConsumerLoopHealth"/>, keyed <c>stream/group/consumer</c>.
/// </summary>
/// <remarks>
/// Register it with the health-check service of Microsoft.Extensions.Diagnostics.HealthChecks, e.g.
/// <c>services.AddHealthChecks().AddCheck&lt;FleetEventsHealthCheck&gt;("fleet-events", tags: ["ready"])</c>, after
/// <see cref="FleetEventsServiceCollectionExtensions.AddFleetEvents"/>.
/// </remarks>
public sealed class FleetEventsHealthCheck : IHealthCheck
{
    private static readonly TimeSpan MinimumStaleness = TimeSpan.FromSeconds(30);

    private readonly ConsumerHealthRegistry _registry;
    private readonly IEventTransport? _transport;

    /// <summary>Creates the check over the consumer loops registered in <paramref name="services"/> (AddFleetEvents).</summary>
    public FleetEventsHealthCheck(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _registry = services.GetRequiredService<ConsumerHealthRegistry>();
        _transport = services.GetService<IEventTransport>();
    }

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var loops = _registry.Snapshot();
        var now = _registry.Time.GetUtcNow();
        var data = new Dictionary<string, object>(loops.Count, StringComparer.Ordinal);
        var status = HealthStatus.Healthy;
        List<string>? problems = null;
        foreach (var loop in loops)
        {
            data[$"{loop.Stream}/{loop.Group}/{loop.Consumer}"] = loop;
            var (loopStatus, problem) = Evaluate(loop, now);
            if (loopStatus < status)
            {
                status = loopStatus;
            }

            if (problem is not null)
            {
                (problems ??= []).Add(problem);
            }
        }

        if (_transport is { IsReachable: false } transport)
        {
            // A refusing Redis does not heal by itself; an unreachable one is at least Degraded (a loop that never read
            // is already Unhealthy from Evaluate).
            status = transport.ConfigurationError is not null ? HealthStatus.Unhealthy : HealthStatus.Degraded < status ? HealthStatus.Degraded : status;
            (problems ??= []).Insert(0, transport.ConfigurationError is { } refusal
                ? $"Redis at {transport.Endpoint} refuses this client (misconfigured): {refusal}"
                : $"Redis at {transport.Endpoint} is unreachable.");
        }

        var description = problems is null
            ? string.Create(CultureInfo.InvariantCulture, $"{loops.Count} consumer loop(s) reading.")
            : string.Join(" ", problems);
        return Task.FromResult(new HealthCheckResult(status, description, data: data));
    }

    /// <summary>The status of one loop at <paramref name="now"/>, with the reason when it is not healthy.</summary>
    internal static (HealthStatus Status, string? Problem) Evaluate(ConsumerLoopHealth loop, DateTimeOffset now)
    {
        var name = $"{loop.Group} on {loop.Stream}";
        if (!loop.IsRunning)
        {
            return (HealthStatus.Unhealthy, $"Consumer group {name} is not running.");
        }

        if (loop.ProcessingTimeout > TimeSpan.Zero && loop.LongestRunningHandler > loop.ProcessingTimeout * 2)
        {
            return (HealthStatus.Unhealthy, string.Create(CultureInfo.InvariantCulture, $"Consumer group {name} has a handler running for {loop.LongestRunningHandler.TotalSeconds:0} s, past its processing timeout of {loop.ProcessingTimeout.TotalSeconds:0} s."));
        }

        if (loop.LastSuccessfulRead is null)
        {
            var error = loop.LastError is null ? string.Empty : $" Last error: {loop.LastError}";
            return (HealthStatus.Unhealthy, $"Consumer group {name} has not read yet.{error}");
        }

        var staleAfter = loop.BlockTimeout * 3 > MinimumStaleness ? loop.BlockTimeout * 3 : MinimumStaleness;
        var lastRead = loop.LastSuccessfulRead.Value;
        if (!loop.IsBusy && now - lastRead > staleAfter)
        {
            var error = loop.LastError is null ? string.Empty : $" Last error: {loop.LastError}";
            return (HealthStatus.Unhealthy, string.Create(CultureInfo.InvariantCulture, $"Consumer group {name} has not read for {(now - lastRead).TotalSeconds:0} s.{error}"));
        }

        if (loop.LastErrorAt is { } errorAt && (loop.LastSuccessfulRead is not { } read || errorAt > read))
        {
            return (HealthStatus.Degraded, $"Consumer group {name} is retrying after an error: {loop.LastError}");
        }

        return (HealthStatus.Healthy, null);
    }
}
