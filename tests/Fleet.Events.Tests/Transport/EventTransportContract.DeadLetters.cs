using Fleet.Redis;

namespace Fleet.Events.Tests.Transport;

/// <content>
/// Dead letters carry the original fields byte for byte, names that are not UTF-8 and entries with more fields than a
/// Lua script takes (about 4 000) included.
/// </content>
public abstract partial class EventTransportContract
{
    [Theory]
    [InlineData(3)]
    [InlineData(5_000)]
    public async Task DeadLetterAsync_BinaryNamesAndValues_WrittenOnceByteForByte(int fieldCount)
    {
        var stream = NewStream();
        var dlq = stream + ":dlq";
        var ids = await GroupWithEntriesAsync(stream, "g", "a", "b");
        await Transport.ReadGroupAsync(stream, "g", "c", ">", 10, block: null, Cancel);
        var fields = BinaryFields(fieldCount);

        Assert.True(await Transport.DeadLetterAsync(stream, dlq, "g", ids[0], fields, trim: null, Cancel));
        Assert.False(await Transport.DeadLetterAsync(stream, dlq, "g", ids[0], fields, trim: null, Cancel));

        var letter = Assert.Single(await Transport.ReadAsync(dlq, RedisStreamId.Zero, 10, block: null, Cancel));
        Assert.Equal(fields.Select(f => f.NameBytes.ToArray()), letter.Fields.Select(f => f.NameBytes.ToArray()));
        Assert.Equal(fields.Select(f => f.Value.ToArray()), letter.Fields.Select(f => f.Value.ToArray()));
        var pending = Assert.Single(await Transport.PendingAsync(stream, "g", RedisStreamId.Zero, RedisStreamId.MaxValue, 10, consumer: null, Cancel));
        Assert.Equal(ids[1], pending.Id);
    }

    // Names that are not UTF-8 (0xFF never is; 0xC3 alone is a cut sequence) and values of any bytes.
    private static StreamField[] BinaryFields(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new StreamField([0xFF, (byte)(i >> 8), (byte)i, 0xC3], new byte[] { 0x00, (byte)i, 0xFF }))];
}
