using System.Text.Json;

namespace Fleet.EventGateway.Archive;

/// <summary>
/// One archived entry: the envelope's fields (DESIGN.md section 3), where it was read from, and for a dead letter or
/// a parked entry the reasons it carried.
/// </summary>
internal sealed record ArchivedEvent
{
    /// <summary>The envelope's ULID.</summary>
    public required string Id { get; init; }

    /// <summary>The event type.</summary>
    public required string Type { get; init; }

    /// <summary>The schema version.</summary>
    public required int Version { get; init; }

    /// <summary>The envelope's timestamp.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The correlation id, or null.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>The causation id, or null.</summary>
    public string? CausationId { get; init; }

    /// <summary>The user id, or null.</summary>
    public string? UserId { get; init; }

    /// <summary>The source stream's name, e.g. <c>contextual.events</c>.</summary>
    public required string Stream { get; init; }

    /// <summary>The entry id in the key it was read from.</summary>
    public required string EntryId { get; init; }

    /// <summary>Event, dead letter or parked entry.</summary>
    public required ArchiveKind Kind { get; init; }

    /// <summary>The payload.</summary>
    public required JsonElement Data { get; init; }

    /// <summary>The metadata object, or null when empty.</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>The W3C traceparent, or null.</summary>
    public string? TraceParent { get; init; }

    /// <summary>For a dead letter or parked entry: its <c>dlq_*</c> fields (error type, message, group, …); else null.</summary>
    public IReadOnlyDictionary<string, string>? DeadLetter { get; init; }

    /// <summary>When the archiver wrote it.</summary>
    public required DateTimeOffset ArchivedAt { get; init; }
}
