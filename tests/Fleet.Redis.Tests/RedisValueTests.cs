namespace Fleet.Redis.Tests;

public sealed class RedisValueTests
{
    [Fact]
    public void Text_RoundTripsThroughBytes()
    {
        RedisValue value = "héllo";

        Assert.Equal("héllo", RedisValue.CopyOf(value.ToArray()).ToString());
        Assert.Equal(6, value.GetByteCount());
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-42L, "-42")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    public void Integer_IsSentAsDecimalText(long number, string text)
    {
        RedisValue value = number;

        Assert.Equal(text, System.Text.Encoding.ASCII.GetString(value.ToArray()));
        Assert.Equal(number, (long)RedisValue.CopyOf(value.ToArray()));
    }

    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void Double_IsSentInRedisForm(double number, string text)
    {
        RedisValue value = number;

        Assert.Equal(text, value.ToString());
        Assert.Equal(number, (double)RedisValue.CopyOf(value.ToArray()));
    }

    [Fact]
    public void Null_IsDistinctFromEmpty()
    {
        Assert.True(RedisValue.Null.IsNull);
        Assert.False(((RedisValue)string.Empty).IsNull);
        Assert.True(((RedisValue)string.Empty).IsNullOrEmpty);
        Assert.NotEqual(RedisValue.Null, (RedisValue)string.Empty);
    }

    [Fact]
    public void Equality_ComparesContentAcrossRepresentations()
    {
        Assert.Equal((RedisValue)"12", (RedisValue)12);
        Assert.Equal((RedisValue)"ab", (RedisValue)new byte[] { 97, 98 });
        Assert.Equal(((RedisValue)"ab").GetHashCode(), ((RedisValue)new byte[] { 97, 98 }).GetHashCode());
    }

    [Fact]
    public void ToInt64_NotANumber_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => ((RedisValue)"x1").ToInt64());
    }
}
