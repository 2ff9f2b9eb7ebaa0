namespace Fleet.Events;

/// <summary>
/// One event as it travels in a stream entry (DESIGN.md section 3). The payload stays UTF-8 JSON here;
/// <see cref="EventTypeRegistry"/> turns it into the registered record type.
/// </summary>
public sealed record EventEnvelope
{
    /// <summary>The event's identity and idempotency key.</summary>
    public required Ulid Id { get; init; }

    /// <summary>Dotted lower-case type name, e.g. <c>file.uploaded</c>.</summary>
    public required string Type { get; init; }

    /// <summary>Schema version of <see cref="Data"/>, 1 or more.</summary>
    public required int Version { get; init; }

    /// <summary>When the event was created (UTC, millisecond precision on the wire).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The conversation this event belongs to (request/response), or null.</summary>
    public Ulid? CorrelationId { get; init; }

    /// <summary>The id of the event that caused this one, or null.</summary>
    public Ulid? CausationId { get; init; }

    /// <summary>The user context, or null. A reference, never personal data.</summary>
    public string? UserId { get; init; }

    /// <summary>The payload: a JSON object, UTF-8.</summary>
    public required ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>Free-form string metadata, or null.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>W3C <c>traceparent</c> of the publish span, or null.</summary>
    public string? TraceParent { get; init; }

    /// <summary>W3C <c>tracestate</c>, or null.</summary>
    public string? TraceState { get; init; }
}
