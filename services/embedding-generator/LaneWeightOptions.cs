namespace Fleet.EmbeddingGenerator;

/// <summary>Section <c>EmbeddingGenerator:LaneWeights</c>: the share of the gate each lane gets while all of them wait (ADR 0007). Each is 1 to 1000 and high ≥ normal ≥ low (<see cref="EmbeddingGeneratorOptionsValidator"/>).</summary>
internal sealed class LaneWeightOptions
{
    /// <summary>Default 8.</summary>
    public int High { get; set; } = 8;

    /// <summary>Default 3.</summary>
    public int Normal { get; set; } = 3;

    /// <summary>Default 1; at least 1, so low is never starved.</summary>
    public int Low { get; set; } = 1;
}
