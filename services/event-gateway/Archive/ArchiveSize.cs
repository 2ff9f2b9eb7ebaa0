namespace Fleet.EventGateway.Archive;

/// <summary>How much the archive holds: rows per kind and bytes on disk (tables and indexes).</summary>
internal sealed record ArchiveSize(long Events, long DeadLetters, long Parked, long Bytes);
