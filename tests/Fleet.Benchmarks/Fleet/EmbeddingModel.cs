using Fleet.EmbeddingGenerator;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Benchmarks.Fleet;

/// <summary>
/// embedding-generator's own <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> (all-MiniLM-L6-v2 on ONNX), built in this
/// process by the service's registration with its default options, so the model measured alone is the one the service runs.
/// </summary>
internal sealed class EmbeddingModel : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private EmbeddingModel(ServiceProvider services)
    {
        _services = services;
        Generator = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
    }

    public IEmbeddingGenerator<string, Embedding<float>> Generator { get; }

    public static EmbeddingModel Create() =>
        new(new ServiceCollection().AddLogging().AddEmbeddingGeneration(new ConfigurationBuilder().Build()).BuildServiceProvider());

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
