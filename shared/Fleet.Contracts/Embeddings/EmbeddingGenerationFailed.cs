using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>The embeddings of a file could not be computed (ai.events; the request's correlation id).</summary>
/// <param name="FileId">The file.</param>
/// <param name="UserId">Its owner.</param>
/// <param name="Reason">A stable code: chunks_missing, model_failed, invalid_request.</param>
/// <param name="Message">What went wrong, for people.</param>
public sealed record EmbeddingGenerationFailed(
    [property: Required, RegularExpression(Ids.UlidPattern)] string FileId,
    [property: Required, RegularExpression(Ids.UserIdPattern)] string UserId,
    [property: Required, RegularExpression("^[a-z_]{1,64}$")] string Reason,
    [property: Required, StringLength(2000)] string Message);
