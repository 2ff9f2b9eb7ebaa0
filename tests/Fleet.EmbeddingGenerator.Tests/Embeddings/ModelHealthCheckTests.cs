using Fleet.EmbeddingGenerator.Embeddings;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.EmbeddingGenerator.Tests.Embeddings;

/// <summary>/health/ready waits for the model: not ready while it loads, ready once loaded.</summary>
public sealed class ModelHealthCheckTests(ModelFixture model)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CheckHealthAsync_ModelNotLoadedYet_IsDegradedSayingItLoads()
    {
        using var loading = new MiniLmModel(NullLogger<MiniLmModel>.Instance, TimeProvider.System);

        var result = await new ModelHealthCheck(loading).CheckHealthAsync(new HealthCheckContext(), Cancel);

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal("all-MiniLM-L6-v2 is loading.", result.Description);
    }

    [Fact]
    public async Task CheckHealthAsync_ModelLoaded_IsHealthyWithItsLoadTime()
    {
        var result = await new ModelHealthCheck(model.Model).CheckHealthAsync(new HealthCheckContext(), Cancel);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.True((double)result.Data["load_ms"] > 0);
    }
}
