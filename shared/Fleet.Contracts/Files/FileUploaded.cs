using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>A user uploaded a file (contextual.events, produced by whoever stores uploads; file-processor handles it).</summary>
/// <param name="FileId">The file's ULID.</param>
/// <param name="UserId">Its owner.</param>
/// <param name="FileName">The name the user gave it (no directories).</param>
/// <param name="SizeBytes">Its size in bytes.</param>
/// <param name="MimeType">Its declared media type, e.g. <c>application/pdf</c>.</param>
/// <param name="StorageUri">Where it is stored: a <c>file://</c> URI under the storage root.</param>
/// <param name="Priority">How urgent its processing is.</param>
public sealed record FileUploaded(
    [property: Required, RegularExpression(Ids.UlidPattern)] string FileId,
    [property: Required, RegularExpression(Ids.UserIdPattern)] string UserId,
    [property: Required, StringLength(255, MinimumLength = 1)] string FileName,
    [property: Range(0, long.MaxValue)] long SizeBytes,
    [property: Required, StringLength(127, MinimumLength = 3)] string MimeType,
    [property: Required, StringLength(2048, MinimumLength = 8)] string StorageUri,
    Priority Priority = Priority.Normal);
