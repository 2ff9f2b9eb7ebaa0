namespace Fleet.EventGateway.Archive;

/// <summary>One Redis key the archiver reads: a stream, its <c>:dlq</c> or its <c>:parked</c>, and what its entries are.</summary>
internal sealed record ArchiveSource(string Key, string Stream, ArchiveKind Kind);
