using System.Text;

namespace Fleet.Redis.Tests.Streams;

public sealed class RedisStreamIdTests
{
    [Theory]
    [InlineData("0-0", 0UL, 0UL)]
    [InlineData("1700000000000-0", 1700000000000UL, 0UL)]
    [InlineData("1700000000000-42", 1700000000000UL, 42UL)]
    [InlineData("18446744073709551615-18446744073709551615", ulong.MaxValue, ulong.MaxValue)]
    [InlineData("123", 123UL, 0UL)]
    public void Parse_ValidText_ReadsBothParts(string text, ulong milliseconds, ulong sequence)
    {
        var id = RedisStreamId.Parse(text);

        Assert.Equal(milliseconds, id.Milliseconds);
        Assert.Equal(sequence, id.Sequence);
    }

    [Theory]
    [InlineData("")]
    [InlineData("*")]
    [InlineData("$")]
    [InlineData(">")]
    [InlineData("-")]
    [InlineData("+")]
    [InlineData("1-")]
    [InlineData("-1")]
    [InlineData("1-2-3")]
    [InlineData("a-1")]
    [InlineData(" 1-1")]
    [InlineData("+1-1")]
    [InlineData("18446744073709551616-0")]
    public void TryParse_InvalidText_ReturnsFalse(string text)
    {
        Assert.False(RedisStreamId.TryParse(text, out var id));
        Assert.Equal(RedisStreamId.Zero, id);
        Assert.False(RedisStreamId.TryParse(Encoding.UTF8.GetBytes(text), out _));
        Assert.Throws<FormatException>(() => RedisStreamId.Parse(text));
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse()
    {
        Assert.False(RedisStreamId.TryParse((string?)null, out _));
    }

    [Theory]
    [InlineData("0-0")]
    [InlineData("1700000000000-7")]
    [InlineData("18446744073709551615-18446744073709551615")]
    public void ToString_ParsedId_RoundTrips(string text)
    {
        var id = RedisStreamId.Parse(text);

        Assert.Equal(text, id.ToString());
        Assert.Equal(text, $"{id}");
        Assert.Equal(id, RedisStreamId.Parse(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void TryFormat_Utf8_WritesDigitsDashDigits()
    {
        Span<byte> buffer = stackalloc byte[64];

        Assert.True(new RedisStreamId(1700000000000, 3).TryFormat(buffer, out var written));
        Assert.Equal("1700000000000-3", Encoding.ASCII.GetString(buffer[..written]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void TryFormat_DestinationTooShort_ReturnsFalse(int size)
    {
        var id = new RedisStreamId(123, 45);
        var chars = new char[size];
        var bytes = new byte[size];

        Assert.False(id.TryFormat(chars, out var charsWritten));
        Assert.False(id.TryFormat(bytes, out var bytesWritten));
        Assert.Equal(0, charsWritten);
        Assert.Equal(0, bytesWritten);
    }

    [Fact]
    public void CompareTo_SameMilliseconds_OrdersBySequence()
    {
        var earlier = new RedisStreamId(5, 1);
        var later = new RedisStreamId(5, 2);

        Assert.True(earlier < later);
        Assert.True(later > earlier);
        Assert.True(earlier <= later);
        Assert.True(later >= earlier);
        Assert.True(earlier.CompareTo(later) < 0);
    }

    [Fact]
    public void CompareTo_DifferentMilliseconds_OrdersByMillisecondsFirst()
    {
        var earlier = new RedisStreamId(5, ulong.MaxValue);
        var later = new RedisStreamId(6, 0);

        Assert.True(earlier < later);
        Assert.Equal([RedisStreamId.Zero, earlier, later, RedisStreamId.MaxValue], new[] { later, RedisStreamId.MaxValue, earlier, RedisStreamId.Zero }.Order());
    }

    [Fact]
    public void Equals_SameParts_EqualWithSameHash()
    {
        var first = RedisStreamId.Parse("10-1");
        var second = new RedisStreamId(10, 1);

        Assert.Equal(first, second);
        Assert.True(first == second);
        Assert.False(first != second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, new RedisStreamId(10, 2));
        Assert.False(first.Equals((object)"10-1"));
    }
}
