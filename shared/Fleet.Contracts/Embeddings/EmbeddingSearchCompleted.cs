using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>The answer to a search (ai.events; the request's correlation id), best hit first.</summary>
/// <param name="UserId">Whose vectors were searched.</param>
/// <param name="Model">The model of the query's vector.</param>
/// <param name="Searched">How many vectors were compared.</param>
/// <param name="Hits">The best hits, highest score first.</param>
public sealed record EmbeddingSearchCompleted(
    [property: Required, RegularExpression(Ids.UserIdPattern)] string UserId,
    [property: Required, StringLength(128)] string Model,
    [property: Range(0, int.MaxValue)] int Searched,
    [property: Required, MaxLength(100)] IReadOnlyList<SearchHit> Hits);
