using Fleet.Contracts;

namespace Fleet.FileProcessor.Embeddings;

/// <summary>embedding-generator's answer to one request: exactly one of <see cref="Completed"/> and <see cref="Failed"/>.</summary>
/// <param name="Completed">The vectors are stored.</param>
/// <param name="Failed">They could not be computed.</param>
/// <param name="Elapsed">From just before the request was published to the answer.</param>
internal sealed record EmbeddingAnswer(EmbeddingGenerationCompleted? Completed, EmbeddingGenerationFailed? Failed, TimeSpan Elapsed);
