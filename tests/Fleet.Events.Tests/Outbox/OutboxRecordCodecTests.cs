using Fleet.Events.Outbox;
using Fleet.Redis;

namespace Fleet.Events.Tests.Outbox;

public sealed class OutboxRecordCodecTests
{
    [Fact]
    public void Decode_EncodedRecord_RoundTripsKeyNamesAndValues()
    {
        var binary = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var record = new OutboxRecord("fleet:files", [
            new StreamField("id", "01JD5Q4Y7Z8X9W0V1T2S3R4Q5P"),
            new StreamField("data", "{\"name\":\"ünïcødé ✓\"}"),
            new StreamField("blob", binary),
            new StreamField("empty", string.Empty),
            new StreamField("clé", 42),
            new StreamField("large", new byte[70_000]),
        ]);

        var decoded = OutboxRecordCodec.Decode(OutboxRecordCodec.Encode(record));

        AssertSameRecord(record, decoded);
        Assert.Equal(binary, decoded.Fields[2].Value.ToArray());
        Assert.Equal("42", decoded.Fields[4].Value.ToString());
    }

    [Fact]
    public void Decode_RecordWithoutFields_RoundTripsEmptyFieldList()
    {
        var decoded = OutboxRecordCodec.Decode(OutboxRecordCodec.Encode(new OutboxRecord("stream", [])));

        Assert.Equal("stream", decoded.StreamKey);
        Assert.Empty(decoded.Fields);
    }

    [Fact]
    public void Decode_NullValue_ComesBackEmpty()
    {
        var decoded = OutboxRecordCodec.Decode(OutboxRecordCodec.Encode(new OutboxRecord("s", [new StreamField("f", RedisValue.Null)])));

        Assert.True(decoded.Fields[0].Value.IsNullOrEmpty);
        Assert.Empty(decoded.Fields[0].Value.ToArray());
    }

    [Fact]
    public void Decode_EmptyFieldName_RoundTrips()
    {
        var decoded = OutboxRecordCodec.Decode(OutboxRecordCodec.Encode(new OutboxRecord("s", [new StreamField("", "v")])));

        Assert.Equal(string.Empty, decoded.Fields[0].Name);
        Assert.Equal("v", decoded.Fields[0].Value.ToString());
    }

    [Fact]
    public void Decode_AnyTruncation_ThrowsInvalidDataException()
    {
        var encoded = OutboxRecordCodec.Encode(new OutboxRecord("fleet:files", [new StreamField("id", "1"), new StreamField("data", new byte[300])]));

        for (var length = 0; length < encoded.Length; length++)
        {
            var prefix = encoded.AsSpan(0, length).ToArray();
            Assert.Throws<InvalidDataException>(() => OutboxRecordCodec.Decode(prefix));
        }
    }

    [Fact]
    public void Decode_TrailingBytes_ThrowsInvalidDataException()
    {
        var encoded = OutboxRecordCodec.Encode(new OutboxRecord("s", [new StreamField("f", "v")]));

        Assert.Throws<InvalidDataException>(() => OutboxRecordCodec.Decode([.. encoded, 0]));
    }

    [Theory]
    [InlineData(new byte[] { 2, 1, (byte)'s', 0 })] // unknown version
    [InlineData(new byte[] { 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })] // key length past int.MaxValue
    [InlineData(new byte[] { 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 })] // varint longer than five bytes
    [InlineData(new byte[] { 1, 2, 0xC3, 0x28, 0 })] // invalid UTF-8 in the key
    [InlineData(new byte[] { 1, 1, (byte)'s', 0xFF, 0xFF, 0x03 })] // field count larger than the bytes left
    public void Decode_Garbage_ThrowsInvalidDataException(byte[] payload)
    {
        Assert.Throws<InvalidDataException>(() => OutboxRecordCodec.Decode(payload));
    }

    [Fact]
    public void Decode_RandomBytes_ThrowsOnlyInvalidDataException()
    {
        var random = new Random(20261122);
        var buffer = new byte[64];
        for (var i = 0; i < 2_000; i++)
        {
            random.NextBytes(buffer);
            buffer[0] = 1;
            var payload = buffer.AsSpan(0, random.Next(1, buffer.Length)).ToArray();
            try
            {
                OutboxRecordCodec.Decode(payload);
            }
            catch (InvalidDataException)
            {
                // Garbage is either rejected this way or happens to be a valid record; anything else is a bug.
            }
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Encode_MissingStreamKey_ThrowsArgumentException(string? streamKey)
    {
        Assert.ThrowsAny<ArgumentException>(() => OutboxRecordCodec.Encode(new OutboxRecord(streamKey!, [])));
    }

    internal static void AssertSameRecord(OutboxRecord expected, OutboxRecord actual)
    {
        Assert.Equal(expected.StreamKey, actual.StreamKey);
        Assert.Equal(expected.Fields.Count, actual.Fields.Count);
        for (var i = 0; i < expected.Fields.Count; i++)
        {
            Assert.Equal(expected.Fields[i].Name, actual.Fields[i].Name);
            Assert.Equal(expected.Fields[i].Value.ToArray(), actual.Fields[i].Value.ToArray());
        }
    }
}
