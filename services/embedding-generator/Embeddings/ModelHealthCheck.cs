using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fleet.EmbeddingGenerator.Embeddings;

/// <summary>
/// Ready once the model is loaded: a replica takes no traffic it would only queue behind a load of several seconds.
/// Loading is Degraded (not ready, nothing wrong: /health/ready answers 503 either way, and the health-check log says
/// Warning rather than Error for every poll of a starting replica); a failed load is Unhealthy.
/// </summary>
internal sealed class ModelHealthCheck(MiniLmModel model) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (model.IsLoaded)
        {
            var data = new Dictionary<string, object> { ["model"] = MiniLmModel.ModelId, ["load_ms"] = model.LoadTime?.TotalMilliseconds ?? 0 };
            return Task.FromResult(HealthCheckResult.Healthy($"{MiniLmModel.ModelId} loaded.", data));
        }

        return Task.FromResult(model.LoadError is { } error
            ? HealthCheckResult.Unhealthy($"{MiniLmModel.ModelId} could not be loaded: {error.Message}")
            : HealthCheckResult.Degraded($"{MiniLmModel.ModelId} is loading."));
    }
}
