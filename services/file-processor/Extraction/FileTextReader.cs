using Fleet.Contracts;
using Fleet.FileProcessor.Chunking;
using Fleet.FileProcessor.Storage;

namespace Fleet.FileProcessor.Extraction;

/// <summary>
/// An upload's way from its storage URI to chunks: read it (<see cref="FileStorage"/>), choose the extractor by type
/// (<see cref="ExtractorSelector"/>), extract and chunk. Every failure is a <see cref="FileProcessingException"/> with
/// its reason code; nothing here knows of events or Redis. Extraction is CPU work run on the handler's thread: the
/// consumer group's Concurrency bounds how many run at once.
/// </summary>
internal sealed class FileTextReader(FileStorage storage, ExtractorSelector selector, TextChunker chunker, TimeProvider time)
{
    public async Task<ExtractedFile> ReadAsync(FileUploaded upload, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();

        // The type is checked before the file is read, so an unsupported upload costs no I/O; the location first of all,
        // so a path outside the storage root is refused as such whatever else is wrong with it.
        storage.Resolve(upload.StorageUri);
        var extractor = selector.Select(upload.MimeType, upload.FileName)
            ?? throw new FileProcessingException(FailureReasons.UnsupportedType, $"Files of type '{upload.MimeType}' are not supported (PDF, DOCX, Markdown, HTML and plain text are).");
        var content = await storage.ReadAsync(upload, cancellationToken);
        var text = extractor.Extract(content);
        var chunks = chunker.Split(text);
        if (chunks.Count == 0)
        {
            throw new FileProcessingException(FailureReasons.NoText, $"The {extractor.Format} file holds no text.");
        }

        return new ExtractedFile(extractor.Format, text.Length, CountWords(text), chunks, time.GetElapsedTime(started));
    }

    private static long CountWords(string text)
    {
        long words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var letter = !char.IsWhiteSpace(c);
            words += letter && !inWord ? 1 : 0;
            inWord = letter;
        }

        return words;
    }
}
