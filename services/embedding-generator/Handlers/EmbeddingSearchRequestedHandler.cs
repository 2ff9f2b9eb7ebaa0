using System.Numerics.Tensors;
using Fleet.Contracts;
using Fleet.EmbeddingGenerator.Lanes;
using Fleet.EmbeddingGenerator.Vectors;
using Fleet.Events;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Fleet.EmbeddingGenerator.Handlers;

/// <summary>
/// <c>embedding.search.requested</c>: embeds the query (a gate slot of the lane it arrived on), compares it with every
/// vector in the user's set by brute force (unit vectors, so the dot product is the cosine similarity) and answers
/// <c>embedding.search.completed</c> with the best <c>TopK</c> hits, best first, or <c>embedding.search.failed</c>.
/// docs/services/embedding-generator.md says up to what size this is fine and how RediSearch takes over beyond it.
/// </summary>
internal sealed class EmbeddingSearchRequestedHandler(
    IEmbeddingGenerator<string, Embedding<float>> generator,
    PriorityGate gate,
    VectorStore vectors,
    IEventPublisher publisher,
    IOptions<EmbeddingGeneratorOptions> options,
    TimeProvider time,
    ILogger<EmbeddingSearchRequestedHandler> logger) : IEventHandler<EmbeddingSearchRequested>
{
    public async ValueTask HandleAsync(EventContext<EmbeddingSearchRequested> context, CancellationToken cancellationToken)
    {
        var request = context.Data;
        var settings = options.Value;
        var started = time.GetTimestamp();
        var query = await EmbedQueryAsync(context, cancellationToken);

        var top = new TopHits(request.TopK);
        var searched = 0;
        var candidate = new float[query.Length];
        var keys = await vectors.UserVectorKeysAsync(request.UserId, cancellationToken);
        for (var start = 0; start < keys.Length; start += settings.SearchReadBatch)
        {
            var batch = keys[start..Math.Min(keys.Length, start + settings.SearchReadBatch)];
            foreach (var stored in await vectors.ReadAsync(batch, cancellationToken))
            {
                if (stored is null)
                {
                    continue;
                }

                if (!VectorBlob.TryDecode(stored.Blob.Span, candidate))
                {
                    // Another model's vector (another dimension count) cannot be compared with this query.
                    Log.VectorSkipped(logger, stored.Key, stored.Blob.Length, query.Length);
                    continue;
                }

                top.Offer(stored, TensorPrimitives.Dot(query, candidate));
                searched++;
            }
        }

        var hits = top.BestFirst().Select(h => new SearchHit(h.Candidate.FileId, h.Candidate.ChunkIndex, h.Score, h.Candidate.Key)).ToList();
        await publisher.PublishAsync(
            FleetStreams.Ai,
            new EmbeddingSearchCompleted(request.UserId, settings.Model, searched, hits),
            context.FollowUp(),
            cancellationToken);
        Log.SearchAnswered(logger, request.UserId, searched, hits.Count, time.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task<float[]> EmbedQueryAsync(EventContext<EmbeddingSearchRequested> context, CancellationToken cancellationToken)
    {
        var request = context.Data;
        try
        {
            using (await gate.AcquireAsync(EmbeddingLanes.Of(context.Stream), cancellationToken))
            {
                var embedding = await generator.GenerateVectorAsync(request.Query, cancellationToken: cancellationToken);
                return VectorMath.Normalized(embedding);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.SearchModelFailed(logger, e, request.UserId);
            var message = FailureReasons.Fit($"The embedding model failed: {e.Message}");
            await publisher.PublishAsync(
                FleetStreams.Ai,
                new EmbeddingSearchFailed(request.UserId, FailureReasons.ModelFailed, message),
                context.FollowUp(),
                cancellationToken);
            throw new PermanentEventException($"{FailureReasons.ModelFailed}: {message}", e);
        }
    }
}
