using Fleet.Events.Transport;
using Fleet.Redis;

namespace Fleet.Events.Tests.Transport;

public sealed class GroupLagTests
{
    private static readonly RedisStreamId First = new(1_000, 0);
    private static readonly RedisStreamId Last = new(11_000, 0);

    [Fact]
    public void Compute_CountedWithinTheBound_IsTheCountWhateverRedisSays()
    {
        Assert.Equal((0L, false), GroupLag.Compute(100_000, reported: 8_173, counted: 0, First, Last, Last));
        Assert.Equal((12L, false), GroupLag.Compute(100_000, reported: 8_185, counted: 12, First, Last, new RedisStreamId(10_990, 0)));
        Assert.Equal((GroupLag.CountBound, false), GroupLag.Compute(100_000, reported: null, counted: GroupLag.CountBound, First, Last, new RedisStreamId(5_000, 0)));
    }

    [Fact]
    public void Compute_GroupBehindTheFirstEntry_IsTheStreamLength()
    {
        Assert.Equal((50_000L, false), GroupLag.Compute(50_000, reported: 90_000, counted: GroupLag.CountBound + 1, First, Last, new RedisStreamId(10, 0)));
    }

    [Fact]
    public void Compute_BeyondTheBoundWithAConsistentRedisFigure_IsRedisFigure()
    {
        Assert.Equal((20_000L, false), GroupLag.Compute(50_000, reported: 20_000, counted: GroupLag.CountBound + 1, First, Last, new RedisStreamId(7_000, 0)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(500L)]
    [InlineData(60_000L)]
    public void Compute_BeyondTheBoundWithoutAConsistentRedisFigure_IsEstimatedFromTheIdsTimes(long? reported)
    {
        // 40 % of the ids' time span lies after the last-delivered id.
        var (lag, estimated) = GroupLag.Compute(50_000, reported, counted: GroupLag.CountBound + 1, First, Last, new RedisStreamId(7_000, 0));

        Assert.True(estimated);
        Assert.Equal(20_000, lag);
    }

    [Fact]
    public void Compute_EstimateBelowWhatWasCounted_IsTheCountedBound()
    {
        var (lag, estimated) = GroupLag.Compute(50_000, reported: null, counted: GroupLag.CountBound + 1, First, Last, new RedisStreamId(10_999, 0));

        Assert.True(estimated);
        Assert.Equal(GroupLag.CountBound + 1, lag);
    }
}
