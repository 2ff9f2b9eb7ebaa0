namespace Fleet.EventGateway.Archive;

/// <summary>One page of an archive query, and the cursor of the next page (null on the last page).</summary>
internal sealed record ArchivePage(IReadOnlyList<ArchivedEvent> Events, string? NextCursor);
