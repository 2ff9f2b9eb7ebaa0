using System.Text;
using Fleet.Redis;

namespace Fleet.Events.Tests.Envelope;

/// <content>The size a consumer weighs an entry by against MaxEventBytes: the bytes of every field name and value.</content>
public sealed partial class EnvelopeCodecTests
{
    [Fact]
    public void IsLargerThan_ExactlyTheLimit_IsNotLarger_OneByteLess_IsLargerWithTheExactSize()
    {
        var fields = EnvelopeCodec.Encode(Sample());
        var exact = fields.Sum(f => (long)Encoding.UTF8.GetByteCount(f.Name) + f.Value.GetByteCount());

        Assert.False(EnvelopeCodec.IsLargerThan(fields, exact, out _));
        Assert.True(EnvelopeCodec.IsLargerThan(fields, exact - 1, out var size));
        Assert.Equal(exact, size);
    }

    [Fact]
    public void IsLargerThan_NamesCountedInUtf8Bytes_NotByTheirBound()
    {
        // "é" is 2 UTF-8 bytes (bounded by 3 before counting), the binary name its 3 bytes, "ab" 2, the values 1 byte each:
        // 10 in all, while the bound without counting is 15.
        StreamField[] fields = [new("é", "x"), new(new byte[] { 0xFF, 0xFE, 0x00 }, new byte[] { 1 }), new("ab", "y")];

        Assert.False(EnvelopeCodec.IsLargerThan(fields, 15, out _));
        Assert.False(EnvelopeCodec.IsLargerThan(fields, 10, out _));
        Assert.True(EnvelopeCodec.IsLargerThan(fields, 9, out var size));
        Assert.Equal(10, size);
    }
}
