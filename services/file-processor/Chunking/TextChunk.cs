namespace Fleet.FileProcessor.Chunking;

/// <summary>One chunk of a file's text.</summary>
/// <param name="Text">Its text, at most the chunk size.</param>
/// <param name="OverlapLength">How many characters at its start repeat the end of the chunk before it (0 for the first).</param>
internal sealed record TextChunk(string Text, int OverlapLength);
