using System.Threading.RateLimiting;

namespace Fleet.Notifier.RateLimiting;

/// <summary>
/// At most <c>Notifier:RateLimit:PerMinute</c> notifications per user and minute, in this process: a sliding window of
/// one minute in 6 segments (System.Threading.RateLimiting), one partition per user id, no queue. It is per replica on
/// purpose: a counter in Redis would be one more write outside the commit (a redelivery would count twice) and one
/// more round trip per notification, and the fleet runs one notifier; with N replicas a user may get up to N times the
/// limit. A user's partition is dropped once it is full again and idle, so memory follows the active users.
/// </summary>
internal sealed class UserRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public UserRateLimiter(int permitsPerWindow, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permitsPerWindow, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _limiter = PartitionedRateLimiter.Create<string, string>(userId => RateLimitPartition.GetSlidingWindowLimiter(
            userId,
            _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = permitsPerWindow,
                Window = window,
                SegmentsPerWindow = 6,
                QueueLimit = 0,
                // The partitioned limiter's own timer replenishes its limiters (every 100 ms).
                AutoReplenishment = false,
            }));
    }

    /// <summary>Takes one permit for <paramref name="userId"/>; false when the user is over the limit.</summary>
    public bool TryAcquire(string userId)
    {
        using var lease = _limiter.AttemptAcquire(userId);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
