namespace Fleet.EndToEnd.Tests.Reaper;

/// <summary>A dead letter the test wrote into <c>:dlq</c>.</summary>
/// <param name="Stream">The source stream, e.g. <c>user.events</c>.</param>
/// <param name="Id">Its entry id in <c>:dlq</c>.</param>
/// <param name="EventId">The envelope's id, or null for a malformed entry.</param>
/// <param name="OriginalEntryId">Its <c>dlq_entry_id</c>.</param>
/// <param name="FailedAt">Its <c>dlq_failed_at</c> (Redis's time).</param>
internal sealed record WrittenDeadLetter(string Stream, string Id, string? EventId, string OriginalEntryId, DateTimeOffset FailedAt);
