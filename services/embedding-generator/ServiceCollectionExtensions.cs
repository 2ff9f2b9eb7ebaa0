using Fleet.EmbeddingGenerator.Embeddings;
using Fleet.EmbeddingGenerator.Lanes;
using Fleet.EmbeddingGenerator.Vectors;
using Fleet.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fleet.EmbeddingGenerator;

/// <summary>Registers what the handlers use: the options, the model behind IEmbeddingGenerator, the gate and the stores.</summary>
internal static class ServiceCollectionExtensions
{
    public static IServiceCollection AddEmbeddingGeneration(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EmbeddingGeneratorOptions>()
            .Bind(configuration.GetSection(EmbeddingGeneratorOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmbeddingGeneratorOptions>, EmbeddingGeneratorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // The provider: "minilm" is the only one built in (the validator refuses others). Another provider registers its
        // own IEmbeddingGenerator<string, Embedding<float>> here instead (docs/services/embedding-generator.md).
        services.TryAddSingleton<MiniLmModel>();
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>, MiniLmEmbeddingGenerator>();
        services.AddHostedService<ModelWarmup>();
        services.AddHealthChecks().AddCheck<ModelHealthCheck>("embedding-model", tags: [FleetEndpointRouteBuilderExtensions.ReadyTag]);

        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmbeddingGeneratorOptions>>().Value;
            var weights = options.LaneWeights;
            return new PriorityGate(options.Concurrency, weights.High, weights.Normal, weights.Low);
        });
        // The stores use the process's one RedisClient, which Fleet.Hosting registers (the bus shares it).
        services.TryAddSingleton<ChunkStore>();
        services.TryAddSingleton<VectorStore>();
        return services;
    }
}
