using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>A semantic search over one user's stored vectors (ai.events, request/response).</summary>
/// <param name="UserId">Whose vectors to search.</param>
/// <param name="Query">The text to search for (the user's own words, not file contents).</param>
/// <param name="TopK">How many hits to return.</param>
public sealed record EmbeddingSearchRequested(
    [property: Required, RegularExpression(Ids.UserIdPattern)] string UserId,
    [property: Required, StringLength(2000, MinimumLength = 1)] string Query,
    [property: Range(1, 100)] int TopK = 5);
