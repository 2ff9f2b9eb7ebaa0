namespace Fleet.EventGateway.Api;

/// <summary><c>Gateway</c>: the HTTP API's keys, rate limits, size limits and CORS. Every default is safe.</summary>
internal sealed class GatewayApiOptions
{
    public const string Section = "Gateway";

    /// <summary>The default of <see cref="MaxRequestBytes"/>: 1 MiB, the default largest encoded event (Fleet:Events:MaxEventBytes).</summary>
    public const long DefaultMaxRequestBytes = 1_048_576;

    /// <summary>The API keys (none by default: every call but health, metrics and OpenAPI is refused).</summary>
    public ApiKeyOptions ApiKeys { get; set; } = new();

    /// <summary>Requests per key (and per remote address without a valid key).</summary>
    public GatewayRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Largest request body in bytes (default 1 MiB, 1 KiB to 64 MiB); a larger one is answered 413.</summary>
    public long MaxRequestBytes { get; set; } = DefaultMaxRequestBytes;

    /// <summary>Most events in one <c>POST /events/batch</c> (default 1 000, 1 to 10 000).</summary>
    public int MaxBatchEvents { get; set; } = 1_000;

    /// <summary>Browser origins allowed to call the API (default none: CORS off).</summary>
    public GatewayCorsOptions Cors { get; set; } = new();
}
