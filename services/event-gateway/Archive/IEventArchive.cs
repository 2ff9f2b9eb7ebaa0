namespace Fleet.EventGateway.Archive;

/// <summary>
/// The archive as the API, the replay jobs and the dashboard read it: events, dead letters and parked entries that the
/// archiver copied from the streams into PostgreSQL, kept after the streams are trimmed.
/// </summary>
internal interface IEventArchive
{
    /// <summary>One page of the entries matching <paramref name="query"/>, oldest first (timestamp, then id).</summary>
    Task<ArchivePage> QueryAsync(ArchiveQuery query, CancellationToken cancellationToken);

    /// <summary>The archived event with this envelope id (kind <see cref="ArchiveKind.Event"/>), or null.</summary>
    Task<ArchivedEvent?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every archived event sharing <paramref name="correlationId"/>, across streams, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ArchivedEvent>> ConversationAsync(string correlationId, int limit, CancellationToken cancellationToken);

    /// <summary>How much the archive holds.</summary>
    Task<ArchiveSize> SizeAsync(CancellationToken cancellationToken);
}
