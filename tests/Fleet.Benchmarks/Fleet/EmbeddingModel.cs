using System.Reflection;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Benchmarks.Fleet;

/// <summary>
/// embedding-generator's own <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> (all-MiniLM-L6-v2 on ONNX), built in this
/// process by the service's registration with its default options, so the model measured alone is the one the service
/// runs. The registration is internal to the service: it is called by name, the one use of reflection here (an
/// InternalsVisibleTo for Fleet.Benchmarks in the service's project would replace it).
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

    public static EmbeddingModel Create()
    {
        var services = new ServiceCollection().AddLogging();
        var registration = Assembly.Load(new AssemblyName("Fleet.EmbeddingGenerator"))
            .GetType("Fleet.EmbeddingGenerator.ServiceCollectionExtensions", throwOnError: true)!
            .GetMethod("AddEmbeddingGeneration", BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException("embedding-generator has no AddEmbeddingGeneration(IServiceCollection, IConfiguration) any more.");
        registration.Invoke(null, [services, new ConfigurationBuilder().Build()]);
        return new EmbeddingModel(services.BuildServiceProvider());
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
