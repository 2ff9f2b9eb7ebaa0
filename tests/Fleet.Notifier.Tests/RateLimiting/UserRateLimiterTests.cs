using Fleet.Notifier.RateLimiting;
using Fleet.Testing;

namespace Fleet.Notifier.Tests.RateLimiting;

public sealed class UserRateLimiterTests
{
    [Fact]
    public void TryAcquire_PastThePermitsOfTheWindow_IsRefused()
    {
        using var limiter = new UserRateLimiter(30, TimeSpan.FromMinutes(1));

        var granted = Enumerable.Range(0, 30).Count(_ => limiter.TryAcquire("alice"));

        Assert.Equal(30, granted);
        Assert.False(limiter.TryAcquire("alice"));
    }

    [Fact]
    public void TryAcquire_AnotherUser_HasPermitsOfItsOwn()
    {
        using var limiter = new UserRateLimiter(2, TimeSpan.FromMinutes(1));
        limiter.TryAcquire("alice");
        limiter.TryAcquire("alice");

        Assert.False(limiter.TryAcquire("alice"));
        Assert.True(limiter.TryAcquire("bob"));
    }

    [Fact]
    public async Task TryAcquire_AfterTheWindow_IsGrantedAgain()
    {
        using var limiter = new UserRateLimiter(1, TimeSpan.FromMilliseconds(300));
        Assert.True(limiter.TryAcquire("alice"));
        Assert.False(limiter.TryAcquire("alice"));

        // A refused attempt takes nothing, so polling until the window slid on is safe.
        await Eventually.TrueAsync(() => limiter.TryAcquire("alice"), "the window slid past alice's first permit");
    }
}
