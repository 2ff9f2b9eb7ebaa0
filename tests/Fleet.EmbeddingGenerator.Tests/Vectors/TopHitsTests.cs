using Fleet.EmbeddingGenerator.Vectors;

namespace Fleet.EmbeddingGenerator.Tests.Vectors;

public sealed class TopHitsTests
{
    [Fact]
    public void BestFirst_MoreCandidatesThanK_KeepsTheKHighestBestFirst()
    {
        var top = new TopHits(3);
        float[] scores = [0.1f, 0.9f, -0.4f, 0.7f, 0.3f, 0.95f, 0.2f];
        for (var i = 0; i < scores.Length; i++)
        {
            top.Offer(new SearchCandidate($"k{i}", "f", i, ReadOnlyMemory<byte>.Empty), scores[i]);
        }

        var best = top.BestFirst();

        Assert.Equal([0.95f, 0.9f, 0.7f], best.Select(b => b.Score));
        Assert.Equal(["k5", "k1", "k3"], best.Select(b => b.Candidate.Key));
    }
}
