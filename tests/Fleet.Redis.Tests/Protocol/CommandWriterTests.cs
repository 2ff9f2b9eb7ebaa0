using System.Text;
using Fleet.Redis.Protocol;

namespace Fleet.Redis.Tests.Protocol;

public sealed class CommandWriterTests
{
    [Fact]
    public void Write_MixedArguments_ProducesRespArrayOfBulkStrings()
    {
        var writer = CommandWriter.Start("SET", 5);
        writer.Write("kéy");
        writer.Write((RedisValue)new byte[] { 0, 255 });
        writer.Write(-12);
        writer.Write("PX"u8);

        var written = writer.Written.ToArray();
        writer.Return();

        byte[] expected = [.. Encoding.UTF8.GetBytes("*5\r\n$3\r\nSET\r\n$4\r\nkéy\r\n$2\r\n"), 0, 255, .. "\r\n$3\r\n-12\r\n$2\r\nPX\r\n"u8];
        Assert.Equal(expected, written);
    }

    [Fact]
    public void Complete_FewerArgumentsThanAnnounced_Throws()
    {
        var writer = CommandWriter.Start("GET", 2);

        var error = Assert.Throws<InvalidOperationException>(writer.Complete);

        Assert.Contains("GET", error.Message, StringComparison.Ordinal);
        writer.Return();
    }

    [Fact]
    public void Write_MoreArgumentsThanAnnounced_Throws()
    {
        var writer = CommandWriter.Start("PING", 1);

        Assert.Throws<InvalidOperationException>(() => writer.Write("extra"));
        writer.Return();
    }

    [Fact]
    public void Write_LargeValue_GrowsBuffer()
    {
        var payload = new string('x', 200_000);
        var writer = CommandWriter.Start("SET", 3);
        writer.Write("k");
        writer.Write(payload);

        var length = writer.Written.Length;
        writer.Return();

        Assert.Equal("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$200000\r\n".Length + 200_000 + 2, length);
    }
}
