using System.Numerics.Tensors;

namespace Fleet.EmbeddingGenerator.Vectors;

/// <summary>Unit vectors, so that a dot product is the cosine similarity.</summary>
internal static class VectorMath
{
    /// <summary>
    /// <paramref name="vector"/> scaled to length 1 (MiniLM's already are, within rounding; a hosted model's may not be);
    /// a zero vector stays zero.
    /// </summary>
    public static float[] Normalized(ReadOnlyMemory<float> vector)
    {
        var result = vector.ToArray();
        var norm = TensorPrimitives.Norm(result);
        if (norm > 0)
        {
            TensorPrimitives.Divide(result, norm, result);
        }

        return result;
    }
}
