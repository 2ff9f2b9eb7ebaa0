using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>file-processor began work on a file (contextual.events).</summary>
/// <param name="FileId">The file.</param>
/// <param name="UserId">Its owner.</param>
/// <param name="FileName">Its name.</param>
/// <param name="Priority">The priority its embeddings are asked with.</param>
public sealed record FileProcessingStarted(
    [property: Required, RegularExpression(Ids.UlidPattern)] string FileId,
    [property: Required, RegularExpression(Ids.UserIdPattern)] string UserId,
    [property: Required, StringLength(255)] string FileName,
    Priority Priority);
