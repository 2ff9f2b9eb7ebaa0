namespace Fleet.EventGateway.Archive;

/// <summary>
/// What <see cref="ArchiveEntryDecoder"/> made of an entry: an event row, an entry row, or neither (a type left out by
/// the filters); <see cref="Malformed"/> says why an entry was kept as it came.
/// </summary>
internal readonly record struct ArchiveDecoded(EventRow? Event, EntryRow? Entry, string? Malformed);
