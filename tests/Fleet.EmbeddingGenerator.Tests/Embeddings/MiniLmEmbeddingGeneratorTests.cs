using System.Numerics.Tensors;
using Fleet.EmbeddingGenerator.Embeddings;
using Microsoft.Extensions.AI;

namespace Fleet.EmbeddingGenerator.Tests.Embeddings;

/// <summary>The real model through IEmbeddingGenerator: shape, unit length, determinism and meaning.</summary>
public sealed class MiniLmEmbeddingGeneratorTests(ModelFixture model)
{
    private const string Question = "how do consumer groups acknowledge messages";
    private const string RedisAnswer = "A Redis stream consumer confirms each entry with XACK once it has processed it, which removes the entry from the group's pending list.";
    private const string Bread = "Sourdough bread rises slowly because wild yeast and lactic acid bacteria ferment the flour overnight.";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GenerateAsync_Texts_ReturnsOneUnitVectorOf384FloatsPerTextInOrder()
    {
        var embeddings = await model.Generator.GenerateAsync([Question, RedisAnswer, Bread], cancellationToken: Cancel);

        Assert.Equal(3, embeddings.Count);
        Assert.All(embeddings, e =>
        {
            Assert.Equal(384, e.Vector.Length);
            Assert.Equal(1.0, TensorPrimitives.Norm(e.Vector.Span), 4);
            Assert.Equal(MiniLmModel.ModelId, e.ModelId);
        });
        var alone = await model.Generator.GenerateVectorAsync(Bread, cancellationToken: Cancel);
        // Batched with longer texts (padded to their length, masked out) it is the same vector, up to float rounding.
        Assert.True(TensorPrimitives.CosineSimilarity(alone.Span, embeddings[2].Vector.Span) > 0.99999f);
    }

    [Fact]
    public async Task GenerateAsync_SameTextTwice_GivesTheSameVector()
    {
        var first = await model.Generator.GenerateVectorAsync(RedisAnswer, cancellationToken: Cancel);
        var second = await model.Generator.GenerateVectorAsync(RedisAnswer, cancellationToken: Cancel);

        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Fact]
    public async Task GenerateAsync_QuestionAboutAcknowledgements_IsCloserToTheRedisAnswerThanToBread()
    {
        var embeddings = await model.Generator.GenerateAsync([Question, RedisAnswer, Bread], cancellationToken: Cancel);
        var question = embeddings[0].Vector.Span;

        var toRedis = TensorPrimitives.CosineSimilarity(question, embeddings[1].Vector.Span);
        var toBread = TensorPrimitives.CosineSimilarity(question, embeddings[2].Vector.Span);

        Assert.True(toRedis > toBread + 0.2f, $"cosine to the Redis answer {toRedis}, to bread {toBread}");
    }

    [Fact]
    public async Task GenerateAsync_TextLongerThan256Tokens_IsCutNotRefused()
    {
        var longText = string.Join(' ', Enumerable.Repeat(RedisAnswer, 40));

        var vector = await model.Generator.GenerateVectorAsync(longText, cancellationToken: Cancel);

        Assert.Equal(384, vector.Length);
        Assert.Equal(1.0, TensorPrimitives.Norm(vector.Span), 4);
    }

    [Fact]
    public void GetService_Metadata_NamesTheModelAndItsDimensions()
    {
        var metadata = model.Generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal(MiniLmModel.ModelId, metadata.DefaultModelId);
        Assert.Equal(384, metadata.DefaultModelDimensions);
    }

    [Fact]
    public async Task GenerateAsync_OtherDimensionsAsked_IsRefused()
    {
        await Assert.ThrowsAsync<NotSupportedException>(() =>
            model.Generator.GenerateAsync([Question], new EmbeddingGenerationOptions { Dimensions = 768 }, Cancel));
    }
}
