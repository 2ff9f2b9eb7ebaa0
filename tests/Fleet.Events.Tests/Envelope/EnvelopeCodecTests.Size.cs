using System.Text;
using Fleet.Redis;

namespace Fleet.Events.Tests.Envelope;

/// <content>The size a consumer weighs an entry by against MaxEventBytes: the bytes of every field name and value.</content>
public sealed partial class EnvelopeCodecTests
{
    [Fact]
    public void MaxBytes_ExactlyTheSize_IsRead_OneByteLess_IsRefusedWithTheExactSize()
    {
        var fields = EnvelopeCodec.Encode(Sample());
        var exact = fields.Sum(f => (long)Encoding.UTF8.GetByteCount(f.Name) + f.Value.GetByteCount());

        Assert.Equal(exact, EnvelopeCodec.ExactSize(fields));
        Assert.Equal(Sample().Id, EnvelopeCodec.DecodeDeferringData(fields, exact).Id);
        var refused = Assert.Throws<MalformedEventException>(() => EnvelopeCodec.DecodeDeferringData(fields, exact - 1));
        Assert.Contains($"is {exact} bytes", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExactSize_NamesCountedInUtf8Bytes_NotByTheirBound()
    {
        // "é" is 2 UTF-8 bytes (bounded by 3 before counting), the binary name its 3 bytes, "ab" 2, the values 1 byte each:
        // 10 in all, while the bound without counting is 15. The fields are no envelope, so a decode they pass the size
        // check of fails on the missing id instead.
        StreamField[] fields = [new("é", "x"), new(new byte[] { 0xFF, 0xFE, 0x00 }, new byte[] { 1 }), new("ab", "y")];

        Assert.Equal(10, EnvelopeCodec.ExactSize(fields));
        Assert.DoesNotContain("MaxEventBytes", Assert.Throws<MalformedEventException>(() => EnvelopeCodec.DecodeDeferringData(fields, 15)).Message, StringComparison.Ordinal);
        Assert.DoesNotContain("MaxEventBytes", Assert.Throws<MalformedEventException>(() => EnvelopeCodec.DecodeDeferringData(fields, 10)).Message, StringComparison.Ordinal);
        var refused = Assert.Throws<MalformedEventException>(() => EnvelopeCodec.DecodeDeferringData(fields, 9));
        Assert.Contains("is 10 bytes", refused.Message, StringComparison.Ordinal);
    }
}
