namespace Fleet.EmbeddingGenerator.Vectors;

/// <summary>A stored vector read for a search: its key, where it came from and its FLOAT32 blob.</summary>
internal sealed record SearchCandidate(string Key, string FileId, int ChunkIndex, ReadOnlyMemory<byte> Blob);
