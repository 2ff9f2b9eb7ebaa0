namespace Fleet.EventGateway.Api.DeadLetters;

/// <summary>One entry of a stream's <c>:dlq</c> or <c>:parked</c>, its reasons read out of its <c>dlq_*</c> fields.</summary>
/// <param name="Stream">The source stream.</param>
/// <param name="Kind"><c>dlq</c> or <c>parked</c>.</param>
/// <param name="EntryId">Its id in that key.</param>
/// <param name="EventId">The envelope id, or null when the entry had none (malformed).</param>
/// <param name="Type">The event type, or null.</param>
/// <param name="ErrorType">malformed, validation, unknown_version, permanent or max_deliveries.</param>
/// <param name="Error">The reason (never the payload).</param>
/// <param name="Group">The group that gave up.</param>
/// <param name="FailedAt">When (RFC 3339 UTC), as recorded.</param>
/// <param name="Redrives">How often dead-letter-reaper re-drove it before (fleet_redrives).</param>
/// <param name="Fields">Every field of the entry, as text.</param>
internal sealed record DeadLetterEntry(
    string Stream,
    string Kind,
    string EntryId,
    string? EventId,
    string? Type,
    string? ErrorType,
    string? Error,
    string? Group,
    string? FailedAt,
    int Redrives,
    IReadOnlyDictionary<string, string> Fields);
