using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Fleet.EmbeddingGenerator.Vectors;

/// <summary>
/// A vector as RediSearch's <c>TYPE FLOAT32</c> reads it from a hash field: the floats as IEEE 754 binary32,
/// little-endian, back to back (384 × 4 = 1 536 bytes for MiniLM).
/// </summary>
internal static class VectorBlob
{
    public static byte[] Encode(ReadOnlySpan<float> vector)
    {
        var blob = new byte[vector.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(vector).CopyTo(blob);
            return blob;
        }

        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(blob.AsSpan(i * sizeof(float)), vector[i]);
        }

        return blob;
    }

    /// <summary>Reads <paramref name="blob"/> into <paramref name="vector"/>; false when its length is not exactly that many floats.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> blob, Span<float> vector)
    {
        if (blob.Length != vector.Length * sizeof(float))
        {
            return false;
        }

        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(blob).CopyTo(vector);
            return true;
        }

        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = BinaryPrimitives.ReadSingleLittleEndian(blob[(i * sizeof(float))..]);
        }

        return true;
    }
}
