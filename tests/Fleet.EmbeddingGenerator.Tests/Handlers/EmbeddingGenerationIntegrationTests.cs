using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fleet.Contracts;
using Fleet.EmbeddingGenerator.Tests.Embeddings;
using Fleet.EmbeddingGenerator.Vectors;
using Fleet.Testing;
using NUlid;

namespace Fleet.EmbeddingGenerator.Tests.Handlers;

/// <summary>The handlers with the real model on a real redis-server: what they store and what they answer.</summary>
public sealed class EmbeddingGenerationIntegrationTests(RedisServerFixture redis, ModelFixture model) : IAsyncLifetime
{
    private const string UserId = "user-7";

    private static readonly string[] Texts =
    [
        "A Redis stream consumer confirms each entry with XACK once it has processed it, which removes it from the group's pending list.",
        "Sourdough bread rises slowly because wild yeast and lactic acid bacteria ferment the flour overnight.",
        "The quarterly report shows revenue growing by twelve percent while costs stayed flat.",
    ];

    private GeneratorHost? _host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private GeneratorHost Host => _host!;

    public async ValueTask InitializeAsync() => _host = await GeneratorHost.StartAsync(redis.Server.Url, model.Model, Cancel);

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();

    [Fact]
    public async Task GenerationRequested_OnTheHighLane_StoresOneHashPerChunkWithEveryFieldAndAnswersCompleted()
    {
        var fileId = Ulid.NewUlid().ToString();
        await Host.WriteChunksAsync(fileId, Texts, Cancel);

        var envelope = await Host.RequestAsync(
            FleetStreams.AiHigh,
            new EmbeddingGenerationRequested(fileId, UserId, Host.Keys.Chunks(fileId), Texts.Length, Priority.High),
            "embedding.generation.completed",
            UserId,
            Cancel);

        var completed = JsonSerializer.Deserialize(envelope.Data.Span, FleetContractsJsonContext.Default.EmbeddingGenerationCompleted)!;
        string[] expectedKeys = [.. Enumerable.Range(0, Texts.Length).Select(i => Host.Keys.Vector(fileId, i))];
        Assert.Equal(expectedKeys, completed.Keys);
        Assert.Equal((fileId, UserId, 384, "all-MiniLM-L6-v2"), (completed.FileId, completed.UserId, completed.Dimensions, completed.Model));
        var expectedVectors = await model.Generator.GenerateAsync(Texts, cancellationToken: Cancel);
        for (var i = 0; i < Texts.Length; i++)
        {
            var hash = await Host.Redis.HashGetAllAsync(expectedKeys[i], Cancel);
            Assert.Equal(fileId, hash["file_id"].ToString());
            Assert.Equal(UserId, hash["user_id"].ToString());
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), hash["chunk_index"].ToString());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Texts[i]))), hash["text_hash"].ToString());
            Assert.Equal("all-MiniLM-L6-v2", hash["model"].ToString());
            var stored = new float[384];
            Assert.True(VectorBlob.TryDecode(hash["embedding"].AsMemory().Span, stored));
            Assert.True(TensorPrimitives.CosineSimilarity(stored, expectedVectors[i].Vector.Span) > 0.9999f);
        }

        var members = await Host.Redis.ExecuteAsync("SMEMBERS", [Host.Keys.UserVectors(UserId)], Cancel);
        Assert.Equal(expectedKeys.Order(), members.Elements.Select(m => m.Value.ToString()).Order());
    }

    [Fact]
    public async Task GenerationRequested_ChunkMissing_AnswersFailedChunksMissingAndDeadLettersTheRequest()
    {
        var fileId = Ulid.NewUlid().ToString();
        await Host.WriteChunksAsync(fileId, Texts, Cancel);

        var envelope = await Host.RequestAsync(
            FleetStreams.Ai,
            new EmbeddingGenerationRequested(fileId, UserId, Host.Keys.Chunks(fileId), Texts.Length + 1),
            "embedding.generation.failed",
            UserId,
            Cancel);

        var failed = JsonSerializer.Deserialize(envelope.Data.Span, FleetContractsJsonContext.Default.EmbeddingGenerationFailed)!;
        Assert.Equal((fileId, UserId, "chunks_missing"), (failed.FileId, failed.UserId, failed.Reason));
        await Eventually.TrueAsync(
            async () => await Host.Redis.XLenAsync(Host.StreamKeys.DeadLetters(FleetStreams.Ai), Cancel) == 1,
            "the request is a dead letter");
        Assert.False(await Host.Redis.ExistsAsync(Host.Keys.Vector(fileId, 0), Cancel));
    }

    [Fact]
    public async Task GenerationRequested_ChunksKeyOfAnotherFile_AnswersFailedInvalidRequestWithoutReadingIt()
    {
        var fileId = Ulid.NewUlid().ToString();
        var otherFile = Ulid.NewUlid().ToString();
        await Host.WriteChunksAsync(otherFile, Texts, Cancel);

        var envelope = await Host.RequestAsync(
            FleetStreams.Ai,
            new EmbeddingGenerationRequested(fileId, UserId, Host.Keys.Chunks(otherFile), Texts.Length),
            "embedding.generation.failed",
            UserId,
            Cancel);

        var failed = JsonSerializer.Deserialize(envelope.Data.Span, FleetContractsJsonContext.Default.EmbeddingGenerationFailed)!;
        Assert.Equal("invalid_request", failed.Reason);
        Assert.False(await Host.Redis.ExistsAsync(Host.Keys.Vector(fileId, 0), Cancel));
    }

    [Fact]
    public async Task SearchRequested_AfterTwoFilesOfTheUserAndOneOfAnother_ReturnsTheRightChunkFirstAmongTheUsersOnly()
    {
        var first = Ulid.NewUlid().ToString();
        var second = Ulid.NewUlid().ToString();
        var stranger = Ulid.NewUlid().ToString();
        await StoreAsync(first, UserId, Texts[1..]);
        await StoreAsync(second, UserId, Texts[..1]);
        await StoreAsync(stranger, "someone-else", Texts);

        var envelope = await Host.RequestAsync(
            FleetStreams.Ai,
            new EmbeddingSearchRequested(UserId, "how do consumer groups acknowledge messages", TopK: 2),
            "embedding.search.completed",
            UserId,
            Cancel);

        var result = JsonSerializer.Deserialize(envelope.Data.Span, FleetContractsJsonContext.Default.EmbeddingSearchCompleted)!;
        Assert.Equal(3, result.Searched);
        Assert.Equal(2, result.Hits.Count);
        Assert.Equal((second, 0, Host.Keys.Vector(second, 0)), (result.Hits[0].FileId, result.Hits[0].ChunkIndex, result.Hits[0].Key));
        Assert.True(result.Hits[0].Score > result.Hits[1].Score);
        Assert.Equal(first, result.Hits[1].FileId);
    }

    private async Task StoreAsync(string fileId, string userId, string[] texts)
    {
        await Host.WriteChunksAsync(fileId, texts, Cancel);
        await Host.RequestAsync(
            FleetStreams.Ai,
            new EmbeddingGenerationRequested(fileId, userId, Host.Keys.Chunks(fileId), texts.Length),
            "embedding.generation.completed",
            userId,
            Cancel);
    }
}
