namespace Fleet.Redis.Tests.Streams;

public sealed class StreamTrimTests
{
    [Fact]
    public void MaxLength_Approximate_DescribesRedisArguments()
    {
        var trim = StreamTrim.MaxLength(1000, approximate: true, limit: 50);

        Assert.Equal(StreamTrimStrategy.MaxLength, trim.Strategy);
        Assert.Equal(1000, trim.Length);
        Assert.True(trim.Approximate);
        Assert.Equal(50, trim.Limit);
        Assert.Equal("MAXLEN ~ 1000 LIMIT 50", trim.ToString());
    }

    [Fact]
    public void MinId_Exact_DescribesRedisArguments()
    {
        var trim = StreamTrim.MinId(new RedisStreamId(17, 2));

        Assert.Equal(StreamTrimStrategy.MinId, trim.Strategy);
        Assert.Equal(new RedisStreamId(17, 2), trim.Id);
        Assert.False(trim.Approximate);
        Assert.Null(trim.Limit);
        Assert.Equal("MINID = 17-2", trim.ToString());
    }

    [Fact]
    public void MinAge_Cutoff_UsesUnixMilliseconds()
    {
        var cutoff = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);

        Assert.Equal(new RedisStreamId(1_700_000_000_123, 0), StreamTrim.MinAge(cutoff, approximate: true).Id);
    }

    [Fact]
    public void MaxLength_LimitWithoutApproximate_Throws()
    {
        Assert.Throws<ArgumentException>(() => StreamTrim.MaxLength(10, approximate: false, limit: 5));
        Assert.Throws<ArgumentException>(() => StreamTrim.MinId(RedisStreamId.Zero, approximate: false, limit: 5));
    }

    [Fact]
    public void MaxLength_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StreamTrim.MaxLength(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => StreamTrim.MaxLength(10, approximate: true, limit: -1));
    }

    [Fact]
    public void Equals_SameRule_Equal()
    {
        Assert.Equal(StreamTrim.MaxLength(5, approximate: true), StreamTrim.MaxLength(5, approximate: true));
        Assert.NotEqual(StreamTrim.MaxLength(5, approximate: true), StreamTrim.MaxLength(5));
    }
}
