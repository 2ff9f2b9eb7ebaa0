namespace Fleet.EventGateway.Archive;

/// <summary>One row of <c>archived_events</c> as the writer sends it: the envelope's fields, data and metadata as JSON text.</summary>
internal sealed record EventRow(
    string Id,
    string Type,
    int Version,
    DateTimeOffset Timestamp,
    string? CorrelationId,
    string? CausationId,
    string? UserId,
    string Stream,
    string EntryId,
    string Data,
    string? Metadata,
    string? TraceParent,
    string? TraceState,
    DateTimeOffset ArchivedAt);
