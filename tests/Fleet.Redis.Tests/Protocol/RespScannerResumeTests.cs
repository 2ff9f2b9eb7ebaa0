using System.Text;
using Fleet.Redis.Protocol;

namespace Fleet.Redis.Tests.Protocol;

/// <summary>The resumable scan the reader loop uses: bytes of a partial frame are scanned once, whatever the reads' sizes.</summary>
public sealed class RespScannerResumeTests
{
    private const string Nested = "*3\r\n*2\r\n$5\r\nhello\r\n:42\r\n%1\r\n+k\r\n~2\r\n$0\r\n\r\n,1.5\r\n|1\r\n+a\r\n+b\r\n$3\r\nend\r\n";

    [Theory]
    [InlineData(Nested)]
    [InlineData("$10\r\n0123456789\r\n")]
    [InlineData(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n")]
    public void TryScan_FrameGrowingByteByByte_CompletesOnlyWhenWholeWithTheStatelessLength(string resp)
    {
        var frame = Encoding.UTF8.GetBytes(resp);
        var state = default(RespScanState);

        for (var received = 1; received < frame.Length; received++)
        {
            Assert.False(RespScanner.TryScan(frame.AsSpan(0, received), ref state, out _), $"complete after {received} of {frame.Length} bytes");
            Assert.InRange(state.Position, 0, received);
        }

        Assert.True(RespScanner.TryScan(frame, ref state, out var length));
        Assert.Equal(frame.Length, length);
        Assert.Equal(default, state);
    }

    [Fact]
    public void TryScan_PartialAggregate_RemembersWhereTheFirstIncompleteValueStarts()
    {
        var partial = "*3\r\n:1\r\n$5\r\nhel"u8.ToArray();
        var state = default(RespScanState);

        Assert.False(RespScanner.TryScan(partial, ref state, out _));

        // ":1" is done; the bulk string starting at offset 8 and the third element are still to scan.
        Assert.Equal(new RespScanState(8, 2), state);
        Assert.True(RespScanner.TryScan("*3\r\n:1\r\n$5\r\nhello\r\n+x\r\n"u8, ref state, out var length));
        Assert.Equal(23, length);
    }

    [Fact]
    public void TryScan_RandomReadSizes_FindsEveryFrameOnceAndInOrder()
    {
        var random = new Random(7);
        var frames = Enumerable.Range(0, 200).Select(i => (i % 3) switch
        {
            0 => $"${i}\r\n{new string('x', i)}\r\n",
            1 => $"*2\r\n:{i}\r\n*1\r\n+item{i}\r\n",
            _ => Nested,
        }).Select(Encoding.UTF8.GetBytes).ToList();
        var stream = frames.SelectMany(f => f).ToArray();
        var found = new List<int>();
        var state = default(RespScanState);
        var start = 0;
        var end = 0;

        // Bytes arrive in reads of random sizes; the reader scans from the start of the unconsumed bytes each time.
        while (end < stream.Length)
        {
            end = Math.Min(stream.Length, end + random.Next(1, 40));
            while (start < end && RespScanner.TryScan(stream.AsSpan(start, end - start), ref state, out var length))
            {
                found.Add(length);
                start += length;
            }
        }

        Assert.Equal(frames.Select(f => f.Length), found);
        Assert.Equal(stream.Length, start);
    }
}
