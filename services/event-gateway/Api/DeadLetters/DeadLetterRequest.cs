namespace Fleet.EventGateway.Api.DeadLetters;

/// <summary>The body of <c>POST /dead-letters/redrive</c> and <c>/purge</c>: which parked entries of one stream.</summary>
/// <param name="Stream">The source stream, e.g. contextual.events.</param>
/// <param name="EntryIds">Entry ids in its <c>:parked</c>; when given, the filters are not used.</param>
/// <param name="ErrorType">Only entries with this dlq_error_type.</param>
/// <param name="EventType">Only entries of this event type.</param>
/// <param name="Limit">At most this many (1 to 10 000, default 100).</param>
internal sealed record DeadLetterRequest(string? Stream, IReadOnlyList<string>? EntryIds, string? ErrorType, string? EventType, int? Limit);
