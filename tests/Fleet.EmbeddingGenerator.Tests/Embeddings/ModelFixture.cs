using Fleet.EmbeddingGenerator.Embeddings;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.EmbeddingGenerator.Tests.Embeddings;

/// <summary>The real all-MiniLM-L6-v2, loaded once for every test that needs it.</summary>
public sealed class ModelFixture : IAsyncLifetime
{
    internal MiniLmModel Model { get; } = new(NullLogger<MiniLmModel>.Instance, TimeProvider.System);

    internal MiniLmEmbeddingGenerator Generator => new(Model, TimeProvider.System);

    public ValueTask InitializeAsync() => new(Task.Run(Model.EnsureLoaded));

    public ValueTask DisposeAsync()
    {
        Model.Dispose();
        return ValueTask.CompletedTask;
    }
}
