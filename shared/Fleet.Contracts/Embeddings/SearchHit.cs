using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>One chunk found by a search.</summary>
/// <param name="FileId">The file it belongs to.</param>
/// <param name="ChunkIndex">Its index in the file.</param>
/// <param name="Score">Cosine similarity to the query, -1 to 1.</param>
/// <param name="Key">Its vector hash.</param>
public sealed record SearchHit(
    [property: Required, RegularExpression(Ids.UlidPattern)] string FileId,
    [property: Range(0, int.MaxValue)] int ChunkIndex,
    [property: Range(-1.0001, 1.0001)] double Score,
    [property: Required, StringLength(512)] string Key);
