using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>A file went all the way: text, chunks, stored vectors (contextual.events).</summary>
/// <param name="FileId">The file.</param>
/// <param name="UserId">Its owner.</param>
/// <param name="Chunks">Chunks of text.</param>
/// <param name="Vectors">Vectors stored (one per chunk).</param>
/// <param name="Model">The embedding model.</param>
/// <param name="ExtractionMilliseconds">Time spent extracting and chunking.</param>
/// <param name="EmbeddingMilliseconds">Time from the embedding request to its answer.</param>
/// <param name="TotalMilliseconds">Time from the upload event to this one.</param>
public sealed record FileProcessed(
    [property: Required, RegularExpression(Ids.UlidPattern)] string FileId,
    [property: Required, RegularExpression(Ids.UserIdPattern)] string UserId,
    [property: Range(1, int.MaxValue)] int Chunks,
    [property: Range(0, int.MaxValue)] int Vectors,
    [property: Required, StringLength(128)] string Model,
    [property: Range(0, double.MaxValue)] double ExtractionMilliseconds,
    [property: Range(0, double.MaxValue)] double EmbeddingMilliseconds,
    [property: Range(0, double.MaxValue)] double TotalMilliseconds);
