using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>A search could not be answered (ai.events; the request's correlation id).</summary>
/// <param name="UserId">Whose vectors were to be searched.</param>
/// <param name="Reason">A stable code: model_failed, invalid_request.</param>
/// <param name="Message">What went wrong, for people.</param>
public sealed record EmbeddingSearchFailed(
    [property: Required, RegularExpression(Ids.UserIdPattern)] string UserId,
    [property: Required, RegularExpression("^[a-z_]{1,64}$")] string Reason,
    [property: Required, StringLength(2000)] string Message);
