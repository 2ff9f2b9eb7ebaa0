namespace Fleet.EventGateway.Api;

/// <summary>
/// <c>Gateway:RateLimit</c>: a fixed window per API key, and a smaller one per remote address for requests without a
/// valid key (which slows down guessing keys). Over the limit a request is answered 429 with Retry-After.
/// </summary>
internal sealed class GatewayRateLimitOptions
{
    /// <summary>Requests one key may make per <see cref="Window"/> (default 2 000, 1 to 100 000 000).</summary>
    public int PermitsPerWindow { get; set; } = 2_000;

    /// <summary>Requests one remote address may make per <see cref="Window"/> without a valid key (default 20).</summary>
    public int AnonymousPermitsPerWindow { get; set; } = 20;

    /// <summary>The window (default 1 s, 1 ms to 1 day).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);
}
