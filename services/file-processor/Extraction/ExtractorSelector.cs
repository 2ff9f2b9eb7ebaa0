namespace Fleet.FileProcessor.Extraction;

/// <summary>
/// Chooses the extractor of an upload by its declared MIME type (parameters such as <c>; charset=utf-8</c> ignored, case
/// ignored). Only when the type is generic (<c>application/octet-stream</c>, <c>binary/octet-stream</c>,
/// <c>application/unknown</c>) does the file name's extension decide; a specific type no extractor reads (an image) is
/// unsupported whatever the name says.
/// </summary>
internal sealed class ExtractorSelector(IEnumerable<ITextExtractor> extractors)
{
    private static readonly string[] GenericTypes = ["application/octet-stream", "binary/octet-stream", "application/unknown"];

    private readonly ITextExtractor[] _extractors = [.. extractors];

    /// <summary>The extractor for the upload, or null when its type is not supported.</summary>
    public ITextExtractor? Select(string mimeType, string fileName)
    {
        var type = mimeType.Split(';', 2)[0].Trim().ToLowerInvariant();
        var byType = Array.Find(_extractors, e => e.MimeTypes.Contains(type));
        if (byType is not null || !GenericTypes.Contains(type))
        {
            return byType;
        }

        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return extension.Length == 0 ? null : Array.Find(_extractors, e => e.Extensions.Contains(extension));
    }
}
