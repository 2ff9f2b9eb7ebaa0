namespace Fleet.Notifier;

/// <summary><c>Notifier:RateLimit</c>: notifications per user and minute, per notifier process.</summary>
internal sealed class RateLimitOptions
{
    /// <summary>Notifications one user may receive per minute from one notifier process (default 30, 1 to 100 000).</summary>
    public int PerMinute { get; set; } = 30;
}
