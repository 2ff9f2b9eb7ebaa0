using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;
using UglyToad.PdfPig.Exceptions;

namespace Fleet.FileProcessor.Extraction;

/// <summary>
/// PDF with PdfPig: each page's words (nearest-neighbour word extraction) grouped into text blocks (Docstrum), each block
/// a paragraph. A document that needs a password is <c>encrypted</c>; one PdfPig cannot parse is <c>corrupt</c>.
/// </summary>
internal sealed class PdfExtractor : ITextExtractor
{
    public string Format => "pdf";

    public IReadOnlyList<string> MimeTypes { get; } = ["application/pdf", "application/x-pdf"];

    public IReadOnlyList<string> Extensions { get; } = [".pdf"];

    public string Extract(ReadOnlyMemory<byte> content)
    {
        try
        {
            using var document = PdfDocument.Open(content.ToArray());
            var text = new StringBuilder();
            foreach (var page in document.GetPages())
            {
                var words = page.GetWords(NearestNeighbourWordExtractor.Instance);
                foreach (var block in DocstrumBoundingBoxes.Instance.GetBlocks(words))
                {
                    var paragraph = string.Join(' ', block.TextLines.Select(line => line.Text.Trim())).Trim();
                    if (paragraph.Length > 0)
                    {
                        text.Append(paragraph).Append("\n\n");
                    }
                }
            }

            return text.ToString().Trim();
        }
        catch (PdfDocumentEncryptedException error)
        {
            throw new FileProcessingException(FailureReasons.Encrypted, "The PDF is encrypted and needs a password to be read.", error);
        }
        catch (Exception error) when (error is not (FileProcessingException or OutOfMemoryException or OperationCanceledException))
        {
            // PdfPig throws many types for a broken file (format, tokenization, index, null reference in a font …):
            // whatever it is, the same bytes fail the same way again, so it is the file's fault, not a transient one.
            throw new FileProcessingException(FailureReasons.Corrupt, $"The file is not a readable PDF: {error.Message}", error);
        }
    }
}
