namespace Fleet.Events;

/// <summary>The field names of a stream entry, in the order Fleet writes them (DESIGN.md section 3).</summary>
public static class EnvelopeFields
{
    /// <summary><c>id</c>: the event's ULID.</summary>
    public const string Id = "id";

    /// <summary><c>type</c>: dotted lower-case type name.</summary>
    public const string Type = "type";

    /// <summary><c>version</c>: schema version, 1 or more.</summary>
    public const string Version = "version";

    /// <summary><c>timestamp</c>: RFC 3339 UTC with milliseconds.</summary>
    public const string Timestamp = "timestamp";

    /// <summary><c>correlation_id</c>: ULID of the conversation, or empty.</summary>
    public const string CorrelationId = "correlation_id";

    /// <summary><c>causation_id</c>: id of the causing event, or empty.</summary>
    public const string CausationId = "causation_id";

    /// <summary><c>user_id</c>: user context, or empty.</summary>
    public const string UserId = "user_id";

    /// <summary><c>data</c>: the payload, a JSON object.</summary>
    public const string Data = "data";

    /// <summary><c>metadata</c>: a JSON object, or empty.</summary>
    public const string Metadata = "metadata";

    /// <summary><c>traceparent</c>: W3C trace context, or empty.</summary>
    public const string TraceParent = "traceparent";

    /// <summary><c>tracestate</c>: W3C trace state, or empty.</summary>
    public const string TraceState = "tracestate";

    /// <summary>Every envelope field, in wire order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Id, Type, Version, Timestamp, CorrelationId, CausationId, UserId, Data, Metadata, TraceParent, TraceState];
}
