using Fleet.EmbeddingGenerator.Vectors;

namespace Fleet.EmbeddingGenerator.Tests.Vectors;

/// <summary>The FLOAT32 little-endian layout RediSearch reads.</summary>
public sealed class VectorBlobTests
{
    [Fact]
    public void Encode_Floats_WritesIeee754LittleEndianBackToBack()
    {
        var blob = VectorBlob.Encode([1.0f, -2.0f, 0.5f]);

        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x3F }, blob);
    }

    [Fact]
    public void TryDecode_EncodedVector_GivesTheSameFloats()
    {
        var vector = Enumerable.Range(0, 384).Select(i => MathF.Sin(i) / 7f).ToArray();
        var decoded = new float[384];

        Assert.True(VectorBlob.TryDecode(VectorBlob.Encode(vector), decoded));

        Assert.Equal(vector, decoded);
        Assert.Equal(384 * 4, VectorBlob.Encode(vector).Length);
    }

    [Fact]
    public void TryDecode_BlobOfAnotherLength_IsRefused()
    {
        Assert.False(VectorBlob.TryDecode(new byte[383 * 4], new float[384]));
        Assert.False(VectorBlob.TryDecode(new byte[(384 * 4) + 1], new float[384]));
    }
}
