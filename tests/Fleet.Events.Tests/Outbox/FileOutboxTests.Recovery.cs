using System.Buffers.Binary;
using System.Globalization;
using Fleet.Events.Outbox;

namespace Fleet.Events.Tests.Outbox;

/// <summary>Recovery at open: torn tails that are cut, damage that is refused.</summary>
public sealed partial class FileOutboxTests
{
    [Theory]
    [InlineData("partial frame appended")]
    [InlineData("last record cut short")]
    [InlineData("last header cut short")]
    [InlineData("last record fails its CRC")]
    [InlineData("zero-filled tail")]
    public void Open_WithTornTail_CutsItAndKeepsEarlierRecords(string damage)
    {
        using (var outbox = Open())
        {
            for (var i = 0; i < 8; i++)
            {
                outbox.Append(Record(i));
            }
        }

        var last = SegmentFiles()[^1];
        var lastRecordIntact = true;
        switch (damage)
        {
            case "partial frame appended":
                AppendBytes(last, [.. Header(100, 0), 1, 2, 3, 4, 5]);
                break;
            case "last record cut short":
                Truncate(last, 3);
                lastRecordIntact = false;
                break;
            case "last header cut short":
                AppendBytes(last, [5, 0, 0]);
                break;
            case "last record fails its CRC":
                FlipByte(last, new FileInfo(last).Length - 1);
                lastRecordIntact = false;
                break;
            default:
                AppendBytes(last, new byte[300]);
                break;
        }

        using (var recovered = Open())
        {
            var expected = Enumerable.Range(0, lastRecordIntact ? 8 : 7).ToList();
            Assert.Equal(expected, recovered.PeekBatch(100).Select(Sequence));

            // Appends after recovery follow the intact records, and the segment is clean again.
            recovered.Append(Record(50));
        }

        using var again = Open();
        Assert.Equal(lastRecordIntact ? 9 : 8, again.Count);
        Assert.Equal(50, again.PeekBatch(100).Select(Sequence).Last());
    }

    [Fact]
    public void Open_WithCorruptRecordInMiddleOfSegment_ThrowsInvalidDataExceptionNamingFileAndOffset()
    {
        using (var outbox = Open(segmentBytes: 1_000_000))
        {
            for (var i = 0; i < 5; i++)
            {
                outbox.Append(Record(i));
            }
        }

        var segment = SegmentFiles()[0];
        var secondRecord = OutboxRecordCodec.Encode(Record(0)).Length + 8L;
        FlipByte(segment, secondRecord + 8 + 3);

        var error = Assert.Throws<InvalidDataException>(() => Open());

        Assert.Contains(segment, error.Message, StringComparison.Ordinal);
        Assert.Contains($"offset {secondRecord.ToString(CultureInfo.InvariantCulture)}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_WithCorruptLengthInMiddleOfSegment_ThrowsInvalidDataException()
    {
        using (var outbox = Open(segmentBytes: 1_000_000))
        {
            for (var i = 0; i < 5; i++)
            {
                outbox.Append(Record(i));
            }
        }

        var segment = SegmentFiles()[0];
        using (var stream = new FileStream(segment, FileMode.Open, FileAccess.Write))
        {
            stream.Write(Header(-7, 0));
        }

        Assert.Throws<InvalidDataException>(() => Open());
    }

    [Fact]
    public void Open_WithTornTailInEarlierSegment_ThrowsInvalidDataException()
    {
        using (var outbox = Open())
        {
            for (var i = 0; i < 12; i++)
            {
                outbox.Append(Record(i));
            }
        }

        var segments = SegmentFiles();
        Truncate(segments[0], 3);

        var error = Assert.Throws<InvalidDataException>(() => Open());
        Assert.Contains(segments[0], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_WithDamagedCheckpoint_ThrowsInvalidDataException()
    {
        using (var outbox = Open())
        {
            outbox.Append(Record(0));
            outbox.Append(Record(1));
            outbox.RemoveFirst();
        }

        FlipByte(Path.Combine(_directory, "checkpoint"), 10);

        Assert.Throws<InvalidDataException>(() => Open());
    }

    private static byte[] Header(int length, uint checksum)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(header, length);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), checksum);
        return header;
    }

    private static void AppendBytes(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        stream.Write(bytes);
    }

    private static void Truncate(string path, int bytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(stream.Length - bytes);
    }

    private static void FlipByte(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        var value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ 0x5A));
    }
}
