using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>
/// Embeddings wanted for a file's chunks (the lane stream of <see cref="Priority"/>: ai.high.events, ai.events or
/// ai.low.events). The chunks' text is not in the event: it waits in the hash <see cref="ChunksKey"/>
/// (<see cref="ContractKeys.Chunks"/>), field = chunk index. Answered on ai.events with the same correlation id.
/// </summary>
/// <param name="FileId">The file.</param>
/// <param name="UserId">Its owner.</param>
/// <param name="ChunksKey">The hash holding the chunks' text.</param>
/// <param name="ChunkCount">How many chunks (fields 0 to ChunkCount - 1).</param>
/// <param name="Priority">The lane it was sent on.</param>
public sealed record EmbeddingGenerationRequested(
    [property: Required, RegularExpression(Ids.UlidPattern)] string FileId,
    [property: Required, RegularExpression(Ids.UserIdPattern)] string UserId,
    [property: Required, StringLength(512)] string ChunksKey,
    [property: Range(1, 100_000)] int ChunkCount,
    Priority Priority = Priority.Normal);
