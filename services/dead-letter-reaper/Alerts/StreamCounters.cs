namespace Fleet.DeadLetterReaper.Alerts;

/// <summary>A stream's counters of entries ever added (XINFO STREAM entries-added): to the stream, and to its <c>:dlq</c>.</summary>
/// <param name="Added">Entries ever added to the stream.</param>
/// <param name="DeadLettered">Entries ever added to its <c>:dlq</c>.</param>
internal readonly record struct StreamCounters(long Added, long DeadLettered);
