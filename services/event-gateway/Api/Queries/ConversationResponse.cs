using Fleet.EventGateway.Archive;

namespace Fleet.EventGateway.Api.Queries;

/// <summary>The answer of <c>GET /events/{id}/conversation</c>: every archived event sharing the correlation id, oldest first.</summary>
internal sealed record ConversationResponse(string CorrelationId, IReadOnlyList<ArchivedEvent> Events);
