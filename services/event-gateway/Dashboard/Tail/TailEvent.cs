using System.Text.Json;

namespace Fleet.EventGateway.Dashboard.Tail;

/// <summary>
/// One entry of a live tail, in the shape of the archive's ArchivedEvent (same JSON names). An entry that is no readable envelope has <see cref="Malformed"/> and its raw <see cref="Fields"/> instead.
/// </summary>
internal sealed record TailEvent
{
    /// <summary>The stream's name, e.g. <c>contextual.events</c>.</summary>
    public required string Stream { get; init; }

    /// <summary>The entry id.</summary>
    public required string EntryId { get; init; }

    /// <summary>The envelope's ULID, or null when malformed.</summary>
    public string? Id { get; init; }

    /// <summary>The event type, or null when malformed.</summary>
    public string? Type { get; init; }

    /// <summary>The schema version, or null when malformed.</summary>
    public int? Version { get; init; }

    /// <summary>The envelope's timestamp, or null when malformed.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The correlation id, or null.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>The causation id, or null.</summary>
    public string? CausationId { get; init; }

    /// <summary>The user id, or null.</summary>
    public string? UserId { get; init; }

    /// <summary>The payload, or null when malformed.</summary>
    public JsonElement? Data { get; init; }

    /// <summary>The metadata, or null when empty.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>The W3C traceparent, or null.</summary>
    public string? TraceParent { get; init; }

    /// <summary>Why the entry is no envelope (the decoder's message), or null.</summary>
    public string? Malformed { get; init; }

    /// <summary>A malformed entry's fields as they came (names and values as text), or null.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Fields { get; init; }
}
