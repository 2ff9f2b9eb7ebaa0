using Microsoft.Extensions.AI;

namespace Fleet.EmbeddingGenerator.Embeddings;

/// <summary>
/// The local model behind Microsoft.Extensions.AI's <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, the seam a
/// deployment swaps for a hosted model (docs/services/embedding-generator.md). Each call is one model run over the given
/// texts; batching is the caller's (<see cref="EmbeddingGeneratorOptions.BatchSize"/>).
/// </summary>
internal sealed class MiniLmEmbeddingGenerator(MiniLmModel model, TimeProvider time) : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly EmbeddingGeneratorMetadata _metadata = new("sentence-transformers-minilm", null, MiniLmModel.ModelId, MiniLmModel.Dimensions);

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is { } dimensions && dimensions != MiniLmModel.Dimensions)
        {
            throw new NotSupportedException($"{MiniLmModel.ModelId} computes {MiniLmModel.Dimensions} dimensions, not {dimensions}.");
        }

        var texts = values as string[] ?? [.. values];
        // A model run takes seconds of CPU: keep it off the caller's thread (a consumer's dispatch loop).
        var vectors = await Task.Run(() => model.Encode(texts, cancellationToken), cancellationToken).ConfigureAwait(false);
        var created = time.GetUtcNow();
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(vectors.Length);
        foreach (var vector in vectors)
        {
            embeddings.Add(new Embedding<float>(vector) { ModelId = MiniLmModel.ModelId, CreatedAt = created });
        }

        return embeddings;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    // The model belongs to the container (one per process), not to this view of it.
    public void Dispose()
    {
    }
}
