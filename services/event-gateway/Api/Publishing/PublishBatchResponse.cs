namespace Fleet.EventGateway.Api.Publishing;

/// <summary>The answer of <c>POST /events/batch</c>: one result per event, in the request's order.</summary>
internal sealed record PublishBatchResponse(IReadOnlyList<PublishResponse> Events);
