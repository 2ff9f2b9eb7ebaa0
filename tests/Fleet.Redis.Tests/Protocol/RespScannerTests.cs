using System.Text;
using Fleet.Redis.Protocol;

namespace Fleet.Redis.Tests.Protocol;

public sealed class RespScannerTests
{
    [Theory]
    [InlineData("+OK\r\n")]
    [InlineData("-ERR unknown command\r\n")]
    [InlineData(":-42\r\n")]
    [InlineData("$5\r\nhello\r\n")]
    [InlineData("$0\r\n\r\n")]
    [InlineData("$-1\r\n")]
    [InlineData("*-1\r\n")]
    [InlineData("*0\r\n")]
    [InlineData("*2\r\n*1\r\n:1\r\n$1\r\nx\r\n")]
    [InlineData("_\r\n")]
    [InlineData("#t\r\n")]
    [InlineData(",3.14\r\n")]
    [InlineData(",-inf\r\n")]
    [InlineData("(3492890328409238509324850943850943825024385\r\n")]
    [InlineData("!21\r\nSYNTAX invalid syntax\r\n")]
    [InlineData("=15\r\ntxt:Some string\r\n")]
    [InlineData("%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n")]
    [InlineData("~3\r\n+a\r\n+b\r\n+c\r\n")]
    [InlineData(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n")]
    [InlineData("|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n*2\r\n:1\r\n:2\r\n")]
    public void TryScan_CompleteValue_ReturnsItsWholeLength(string resp)
    {
        var bytes = Encoding.UTF8.GetBytes(resp + "+NEXT\r\n");

        var complete = RespScanner.TryScan(bytes, out var length);

        Assert.True(complete);
        Assert.Equal(Encoding.UTF8.GetByteCount(resp), length);
    }

    [Theory]
    [InlineData("$5\r\nhello\r\n")]
    [InlineData("*2\r\n*1\r\n:1\r\n$1\r\nx\r\n")]
    [InlineData("%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n")]
    [InlineData("|1\r\n+a\r\n+b\r\n:7\r\n")]
    public void TryScan_EveryTruncation_ReturnsFalse(string resp)
    {
        var bytes = Encoding.UTF8.GetBytes(resp);

        for (var cut = 0; cut < bytes.Length; cut++)
        {
            Assert.False(RespScanner.TryScan(bytes.AsSpan(0, cut), out _), $"complete after {cut} of {bytes.Length} bytes");
        }
    }

    [Fact]
    public void TryScan_LargeBulkArrivingInSmallReads_CompletesOnlyWithTheLastByte()
    {
        var payload = new byte[1_000_000];
        Random.Shared.NextBytes(payload);
        var frame = Encoding.ASCII.GetBytes($"${payload.Length}\r\n").Concat(payload).Concat("\r\n"u8.ToArray()).ToArray();

        var received = 0;
        var reads = 0;
        while (!RespScanner.TryScan(frame.AsSpan(0, received), out _))
        {
            received = Math.Min(frame.Length, received + 997);
            reads++;
        }

        Assert.Equal(frame.Length, received);
        Assert.True(reads > 1000);
        var reader = new RespReader(frame);
        Assert.Equal(payload, reader.ReadBlob(out _).ToArray());
    }

    [Theory]
    [InlineData("?what\r\n")]
    [InlineData("$abc\r\nx\r\n")]
    [InlineData("$-5\r\n")]
    [InlineData("$3\r\nabcde\r\n")]
    [InlineData("+OK\n")]
    [InlineData("*?\r\n")]
    public void TryScan_MalformedInput_ThrowsProtocolError(string resp)
    {
        var bytes = Encoding.UTF8.GetBytes(resp);

        Assert.Throws<RedisProtocolException>(() => RespScanner.TryScan(bytes, out _));
    }
}
