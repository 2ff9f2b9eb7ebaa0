using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Fleet.FileProcessor.Extraction;

/// <summary>Word documents (.docx) with DocumentFormat.OpenXml: the text of every paragraph of the body, tables included, in order.</summary>
internal sealed class DocxExtractor : ITextExtractor
{
    public string Format => "docx";

    public IReadOnlyList<string> MimeTypes { get; } = ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"];

    public IReadOnlyList<string> Extensions { get; } = [".docx"];

    public string Extract(ReadOnlyMemory<byte> content)
    {
        try
        {
            using var stream = new MemoryStream(content.ToArray(), writable: false);
            using var document = WordprocessingDocument.Open(stream, isEditable: false);
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new FileProcessingException(FailureReasons.Corrupt, "The document has no body.");
            var paragraphs = body.Descendants<Paragraph>()
                .Select(p => p.InnerText.Trim())
                .Where(p => p.Length > 0);
            return string.Join("\n\n", paragraphs);
        }
        catch (Exception error) when (error is OpenXmlPackageException or InvalidDataException or FileFormatException or XmlException or IOException)
        {
            // Not a zip, a zip without a document part, broken XML: nothing a retry can read.
            throw new FileProcessingException(FailureReasons.Corrupt, $"The file is not a readable Word document: {error.Message}", error);
        }
    }
}
