using Fleet.FileProcessor.Chunking;

namespace Fleet.FileProcessor.Extraction;

/// <summary>What was read from one upload.</summary>
/// <param name="Format">The extractor's format name.</param>
/// <param name="Characters">Characters of text extracted.</param>
/// <param name="Words">Words (runs of non-whitespace) in it.</param>
/// <param name="Chunks">The chunks, at least one.</param>
/// <param name="Elapsed">Time spent reading, extracting and chunking.</param>
internal sealed record ExtractedFile(string Format, long Characters, long Words, IReadOnlyList<TextChunk> Chunks, TimeSpan Elapsed);
