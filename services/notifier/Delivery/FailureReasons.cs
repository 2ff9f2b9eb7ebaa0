namespace Fleet.Notifier.Delivery;

/// <summary>The stable codes of <c>notification.failed</c>'s reason.</summary>
internal static class FailureReasons
{
    /// <summary>The receiver refused it for good (a 4xx other than 408/429, a 3xx, an SMTP 5xx).</summary>
    public const string Rejected = "rejected";

    /// <summary>Every attempt failed transiently (5xx, 408, 429, timeout, network error, SMTP 4xx).</summary>
    public const string Unreachable = "unreachable";

    /// <summary>The channel is off in this notifier (no SMTP host, webhooks disabled).</summary>
    public const string NotConfigured = "not_configured";

    /// <summary>The user's preferences hold no address for the channel.</summary>
    public const string NoAddress = "no_address";

    /// <summary>The user exceeded Notifier:RateLimit:PerMinute.</summary>
    public const string RateLimited = "rate_limited";
}
