using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>A file could not be processed and never will be as it is (contextual.events); its upload event is dead-lettered.</summary>
/// <param name="FileId">The file.</param>
/// <param name="UserId">Its owner.</param>
/// <param name="FileName">Its name.</param>
/// <param name="Reason">A stable code: unsupported_type, encrypted, corrupt, missing, too_large, no_text, outside_storage, embedding_failed, embedding_timeout.</param>
/// <param name="Message">What went wrong, for people.</param>
public sealed record FileProcessingFailed(
    [property: Required, RegularExpression(Ids.UlidPattern)] string FileId,
    [property: Required, RegularExpression(Ids.UserIdPattern)] string UserId,
    [property: Required, StringLength(255)] string FileName,
    [property: Required, RegularExpression("^[a-z_]{1,64}$")] string Reason,
    [property: Required, StringLength(2000)] string Message);
