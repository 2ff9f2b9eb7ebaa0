namespace Fleet.EventGateway.Api.Publishing;

/// <summary>The body of <c>POST /events/batch</c>.</summary>
/// <param name="Events">The events, published in this order once every one of them is valid.</param>
internal sealed record PublishBatchRequest(IReadOnlyList<PublishEventRequest> Events);
