namespace Fleet.EmbeddingGenerator.Embeddings;

/// <summary>
/// Loads the model in the background as the host starts, so the HTTP port and the health endpoints come up at once and
/// /health/ready turns ready once the model is (<see cref="ModelHealthCheck"/>). A request that arrives first waits for
/// the same load. A failed load is logged and reported by the health check; requests then answer model_failed.
/// </summary>
internal sealed class ModelWarmup(MiniLmModel model) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        try
        {
            model.EnsureLoaded();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Logged by the model; the health check and every request report it from here on.
        }
    }, stoppingToken);
}
