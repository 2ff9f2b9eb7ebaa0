namespace Fleet.EventGateway.Archive;

/// <summary>
/// One row of <c>archived_entries</c>: a dead letter, a parked entry or a malformed stream entry, keyed by
/// (<see cref="Stream"/>, <see cref="Kind"/>, <see cref="EntryId"/>). The envelope's fields are set when they decode;
/// otherwise <see cref="Fields"/> holds the entry as it came and <see cref="Error"/> why it did not decode.
/// </summary>
internal sealed record EntryRow
{
    public required string Stream { get; init; }

    public required ArchiveKind Kind { get; init; }

    public required string EntryId { get; init; }

    /// <summary>The row's place in time order: the envelope's timestamp, else the failure time, else the archive time.</summary>
    public required DateTimeOffset At { get; init; }

    public string? Id { get; init; }

    public string? Type { get; init; }

    public int? Version { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public string? CorrelationId { get; init; }

    public string? CausationId { get; init; }

    public string? UserId { get; init; }

    public string? Data { get; init; }

    public string? Metadata { get; init; }

    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    /// <summary>The fields outside the envelope (<c>dlq_*</c>, <c>parked_*</c>, …) as a JSON object, or null.</summary>
    public string? Reasons { get; init; }

    public string? ErrorType { get; init; }

    public DateTimeOffset? FailedAt { get; init; }

    /// <summary>The entry's fields as they came (<c>[[name, value], …]</c>), when the envelope did not decode.</summary>
    public string? Fields { get; init; }

    /// <summary>Why the envelope did not decode (or PostgreSQL refused it), or null.</summary>
    public string? Error { get; init; }

    public required DateTimeOffset ArchivedAt { get; init; }
}
