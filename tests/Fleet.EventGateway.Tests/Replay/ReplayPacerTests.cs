using Fleet.EventGateway.Replay;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.EventGateway.Tests.Replay;

public sealed class ReplayPacerTests
{
    [Fact]
    public async Task AcquireAsync_Rate_GrantsATenthOfASecondAtOnceThenWaitsForTheClock()
    {
        var time = new FakeTimeProvider();
        var pacer = new ReplayPacer(100, time);

        Assert.Equal(10, await pacer.AcquireAsync(50, TestContext.Current.CancellationToken));
        var next = pacer.AcquireAsync(50, TestContext.Current.CancellationToken).AsTask();
        Assert.False(next.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(30));
        Assert.Equal(3, await next);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(10, await pacer.AcquireAsync(50, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AcquireAsync_OverOneSecond_GrantsAtMostTheRatePlusTheBurst()
    {
        var time = new FakeTimeProvider();
        var pacer = new ReplayPacer(50, time);
        var granted = 0;
        var start = time.GetUtcNow();
        while (time.GetUtcNow() - start < TimeSpan.FromSeconds(1))
        {
            var acquire = pacer.AcquireAsync(1_000, TestContext.Current.CancellationToken).AsTask();
            while (!acquire.IsCompleted)
            {
                time.Advance(TimeSpan.FromMilliseconds(1));
            }

            granted += await acquire;
        }

        Assert.InRange(granted, 50, 50 + pacer.Burst);
    }
}
