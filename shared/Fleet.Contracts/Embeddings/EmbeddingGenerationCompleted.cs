using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>The vectors of a file's chunks are stored (ai.events; the request's correlation id).</summary>
/// <param name="FileId">The file.</param>
/// <param name="UserId">Its owner.</param>
/// <param name="Keys">The vector hashes, in chunk order (<see cref="ContractKeys.Vector"/>).</param>
/// <param name="Dimensions">Floats per vector.</param>
/// <param name="Model">The model that computed them.</param>
public sealed record EmbeddingGenerationCompleted(
    [property: Required, RegularExpression(Ids.UlidPattern)] string FileId,
    [property: Required, RegularExpression(Ids.UserIdPattern)] string UserId,
    [property: Required, MaxLength(100_000)] IReadOnlyList<string> Keys,
    [property: Range(1, 65_536)] int Dimensions,
    [property: Required, StringLength(128)] string Model);
