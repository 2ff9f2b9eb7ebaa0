using Fleet.Benchmarks.Redis;
using Fleet.Contracts;
using Fleet.Events;
using Microsoft.Extensions.DependencyInjection;
using NUlid;

namespace Fleet.Benchmarks.Fleet;

/// <summary>
/// The model alone (chunks/s in batches, in this process) and the bus's share of an embedding round trip: one chunk sent
/// through the fleet as <c>embedding.generation.requested</c> → <c>embedding.generation.completed</c>, and the same chunk
/// through the model in this process right after, many times; share = (median round trip - median model time) / median
/// round trip. Alternating the two keeps them under the same machine load.
/// </summary>
internal static class ModelBenchmark
{
    public const int BatchSize = 32;
    public const int Batches = 10;
    public const int ChunkCharacters = 1000;
    public const int RoundTrips = 100;
    public const int WarmupRoundTrips = 10;

    private const string UserId = "bench-model";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Chunks per second of the model over <see cref="Batches"/> batches of <see cref="BatchSize"/>, after one untimed batch.</summary>
    public static async Task<double> ChunksPerSecondAsync(EmbeddingModel model)
    {
        string[] Batch(int index) => [.. Enumerable.Range(index * BatchSize, BatchSize).Select(i => BenchTexts.Create(100_000 + i, ChunkCharacters))];
        await model.Generator.GenerateAsync(Batch(0));
        var batches = Enumerable.Range(1, Batches).Select(Batch).ToList();
        var started = TimeProvider.System.GetTimestamp();
        foreach (var batch in batches)
        {
            var embeddings = await model.Generator.GenerateAsync(batch);
            if (embeddings.Count != batch.Length)
            {
                throw new InvalidOperationException($"The model returned {embeddings.Count} vectors for {batch.Length} chunks.");
            }
        }

        return Batches * BatchSize / TimeProvider.System.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>Median round trip and median model time of the same chunks, in ms.</summary>
    public static async Task<(double RoundTrip, double Model)> RoundTripAsync(BenchFleet fleet, EmbeddingModel model)
    {
        var requester = fleet.Services.GetRequiredService<IEventRequester>();
        var keys = new ContractKeys(fleet.Services.GetRequiredService<StreamKeys>());
        var roundTrips = new double[RoundTrips];
        var modelTimes = new double[RoundTrips];
        for (var i = -WarmupRoundTrips; i < RoundTrips; i++)
        {
            // A file of one chunk: its text waits in the chunk hash, as file-processor leaves it.
            var chunk = BenchTexts.Create(200_000 + i, ChunkCharacters);
            var fileId = Ulid.NewUlid().ToString();
            var chunksKey = keys.Chunks(fileId);
            await fleet.Client.HashSetAsync(chunksKey, "0", chunk);

            var started = TimeProvider.System.GetTimestamp();
            var completed = await requester.RequestAsync<EmbeddingGenerationRequested, EmbeddingGenerationCompleted>(
                FleetStreams.AiLane(Priority.Normal),
                new EmbeddingGenerationRequested(fileId, UserId, chunksKey, 1, Priority.Normal),
                FleetStreams.Ai,
                RequestTimeout,
                new PublishOptions { UserId = UserId });
            var roundTrip = TimeProvider.System.GetElapsedTime(started);
            if (completed.Keys.Count != 1)
            {
                throw new InvalidOperationException($"embedding-generator stored {completed.Keys.Count} vectors for one chunk.");
            }

            started = TimeProvider.System.GetTimestamp();
            await model.Generator.GenerateAsync([chunk]);
            var modelTime = TimeProvider.System.GetElapsedTime(started);
            if (i >= 0)
            {
                roundTrips[i] = roundTrip.TotalMilliseconds;
                modelTimes[i] = modelTime.TotalMilliseconds;
            }
        }

        Array.Sort(roundTrips);
        Array.Sort(modelTimes);
        return (LatencyRecorder.Percentile(roundTrips, 0.5), LatencyRecorder.Percentile(modelTimes, 0.5));
    }
}
