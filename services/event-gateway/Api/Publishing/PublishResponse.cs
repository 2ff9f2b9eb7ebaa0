namespace Fleet.EventGateway.Api.Publishing;

/// <summary>One published event.</summary>
/// <param name="Id">Its envelope id (ULID).</param>
/// <param name="Stream">The stream it went to.</param>
/// <param name="EntryId">Its stream entry id, or null when Redis was unreachable and it waits in the gateway's outbox.</param>
internal sealed record PublishResponse(string Id, string Stream, string? EntryId);
