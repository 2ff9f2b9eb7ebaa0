namespace Fleet.EventGateway.Replay;

/// <summary>
/// The body of <c>POST /events/replay</c>. Times and ids are text so that <see cref="ReplayRequestValidator"/> can name
/// every bad field in one 400 response instead of the first one JSON binding trips over.
/// </summary>
internal sealed record ReplayRequest
{
    /// <summary>Events at or after this time (RFC 3339).</summary>
    public string? From { get; init; }

    /// <summary>Events before this time (RFC 3339).</summary>
    public string? To { get; init; }

    /// <summary>Only events archived from this stream.</summary>
    public string? Stream { get; init; }

    /// <summary>Only events of this type.</summary>
    public string? Type { get; init; }

    /// <summary>Only events of this conversation (a ULID).</summary>
    public string? CorrelationId { get; init; }

    /// <summary>The stream every event is published to; null publishes each to the stream it was archived from.</summary>
    public string? TargetStream { get; init; }

    /// <summary>Events per second; null takes <see cref="ReplayOptions.DefaultRatePerSecond"/>.</summary>
    public int? RatePerSecond { get; init; }
}
