namespace Fleet.EventGateway.Api.DeadLetters;

/// <summary>The answer of <c>GET /dead-letters</c>: newest first; <paramref name="NextCursor"/> is null on the last page.</summary>
internal sealed record DeadLetterPage(IReadOnlyList<DeadLetterEntry> Entries, string? NextCursor);
