namespace Fleet.EmbeddingGenerator.Vectors;

/// <summary>One chunk's vector and what the hash records beside it.</summary>
internal sealed record StoredVector(string FileId, string UserId, int ChunkIndex, string TextHash, string Model, ReadOnlyMemory<float> Embedding);
