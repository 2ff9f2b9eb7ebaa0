using System.Security.Cryptography;
using System.Text;
using Fleet.Contracts;
using Fleet.EmbeddingGenerator.Lanes;
using Fleet.EmbeddingGenerator.Vectors;
using Fleet.Events;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Fleet.EmbeddingGenerator.Handlers;

/// <summary>
/// <c>embedding.generation.requested</c> on any lane: reads the file's chunks, embeds them in batches (each batch takes a
/// gate slot of the request's lane), stores one vector hash per chunk and answers <c>embedding.generation.completed</c>
/// on ai.events with the request's correlation id. Missing chunks, a chunks key that is not the file's, or a failing
/// model answer <c>embedding.generation.failed</c> and dead-letter the request (nothing retries them into success).
/// </summary>
internal sealed class EmbeddingGenerationRequestedHandler(
    IEmbeddingGenerator<string, Embedding<float>> generator,
    PriorityGate gate,
    ChunkStore chunks,
    VectorStore vectors,
    ContractKeys keys,
    IEventPublisher publisher,
    IOptions<EmbeddingGeneratorOptions> options,
    TimeProvider time,
    ILogger<EmbeddingGenerationRequestedHandler> logger) : IEventHandler<EmbeddingGenerationRequested>
{
    public async ValueTask HandleAsync(EventContext<EmbeddingGenerationRequested> context, CancellationToken cancellationToken)
    {
        var request = context.Data;
        var expectedKey = keys.Chunks(request.FileId);
        if (!string.Equals(request.ChunksKey, expectedKey, StringComparison.Ordinal))
        {
            // Only the file's own chunk hash is read: a request naming another key could read anything.
            Log.UnexpectedChunksKey(logger, request.FileId, request.ChunksKey, expectedKey);
            throw await FailAsync(context, FailureReasons.InvalidRequest, $"ChunksKey must be {expectedKey} for file {request.FileId}.", cancellationToken);
        }

        var texts = await chunks.ReadAsync(request.FileId, request.ChunkCount, cancellationToken);
        if (texts is null)
        {
            Log.ChunksMissing(logger, request.FileId, expectedKey, request.ChunkCount);
            throw await FailAsync(context, FailureReasons.ChunksMissing, $"Chunks 0 to {request.ChunkCount - 1} of file {request.FileId} are not all in {expectedKey} (expired or never written).", cancellationToken);
        }

        var started = time.GetTimestamp();
        var settings = options.Value;
        var lane = EmbeddingLanes.Of(context.Stream);
        var stored = new List<string>(texts.Length);
        var dimensions = 0;
        for (var start = 0; start < texts.Length; start += settings.BatchSize)
        {
            var batch = texts[start..Math.Min(texts.Length, start + settings.BatchSize)];
            var embeddings = await EmbedAsync(context, lane, batch, cancellationToken);
            var records = new StoredVector[batch.Length];
            for (var i = 0; i < batch.Length; i++)
            {
                var vector = VectorMath.Normalized(embeddings[i].Vector);
                dimensions = vector.Length;
                records[i] = new StoredVector(request.FileId, request.UserId, start + i, TextHash(batch[i]), settings.Model, vector);
            }

            stored.AddRange(await vectors.WriteAsync(records, cancellationToken));
        }

        await publisher.PublishAsync(
            FleetStreams.Ai,
            new EmbeddingGenerationCompleted(request.FileId, request.UserId, stored, dimensions, settings.Model),
            context.FollowUp(),
            cancellationToken);
        Log.VectorsStored(logger, stored.Count, request.FileId, lane.ToString(), time.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task<GeneratedEmbeddings<Embedding<float>>> EmbedAsync(
        EventContext<EmbeddingGenerationRequested> context, Priority lane, string[] batch, CancellationToken cancellationToken)
    {
        var request = context.Data;
        GeneratedEmbeddings<Embedding<float>>? embeddings = null;
        Exception? failure = null;
        using (await gate.AcquireAsync(lane, cancellationToken))
        {
            try
            {
                embeddings = await generator.GenerateAsync(batch, cancellationToken: cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                failure = e;
            }
        }

        if (failure is null && embeddings!.Count != batch.Length)
        {
            failure = new InvalidOperationException($"The model returned {embeddings.Count} vectors for {batch.Length} texts.");
        }

        if (failure is not null)
        {
            Log.GenerationModelFailed(logger, failure, request.FileId);
            throw await FailAsync(context, FailureReasons.ModelFailed, $"The embedding model failed: {failure.Message}", cancellationToken);
        }

        return embeddings!;
    }

    /// <summary>Answers <c>.failed</c> and returns the exception that dead-letters the request with the same reason.</summary>
    private async Task<PermanentEventException> FailAsync(EventContext<EmbeddingGenerationRequested> context, string reason, string message, CancellationToken cancellationToken)
    {
        var request = context.Data;
        message = FailureReasons.Fit(message);
        await publisher.PublishAsync(
            FleetStreams.Ai,
            new EmbeddingGenerationFailed(request.FileId, request.UserId, reason, message),
            context.FollowUp(),
            cancellationToken);
        return new PermanentEventException($"{reason}: {message}");
    }

    private static string TextHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
