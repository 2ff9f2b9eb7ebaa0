namespace Fleet.EventGateway.Archive;

/// <summary>A filter over the archive; every criterion is optional and they combine with AND.</summary>
internal sealed record ArchiveQuery
{
    /// <summary>The source stream's name, e.g. <c>market.events</c>.</summary>
    public string? Stream { get; init; }

    /// <summary>The event type, e.g. <c>market.data.collected</c>.</summary>
    public string? Type { get; init; }

    /// <summary>Events at or after this time (envelope timestamp).</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Events before this time (envelope timestamp).</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>The envelope's correlation id.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>The envelope's user id.</summary>
    public string? UserId { get; init; }

    /// <summary>Which kinds of entries; null means events only.</summary>
    public ArchiveKind? Kind { get; init; }

    /// <summary>The <see cref="ArchivePage.NextCursor"/> of the previous page, or null for the first page.</summary>
    public string? Cursor { get; init; }

    /// <summary>At most this many entries per page (1 to 1 000).</summary>
    public int Limit { get; init; } = 100;
}
