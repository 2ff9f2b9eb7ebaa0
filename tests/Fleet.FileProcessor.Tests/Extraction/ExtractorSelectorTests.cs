using Fleet.FileProcessor.Extraction;

namespace Fleet.FileProcessor.Tests.Extraction;

/// <summary>The extractor is chosen by MIME type; the extension decides only for a generic type.</summary>
public sealed class ExtractorSelectorTests
{
    private readonly ExtractorSelector _selector = new([new PdfExtractor(), new DocxExtractor(), new MarkdownExtractor(), new HtmlExtractor(), new PlainTextExtractor()]);

    [Theory]
    [InlineData("application/pdf", "a.bin", "pdf")]
    [InlineData("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a", "docx")]
    [InlineData("text/markdown", "a.txt", "markdown")]
    [InlineData("text/html; charset=utf-8", "a.md", "html")]
    [InlineData("TEXT/PLAIN", "a.pdf", "text")]
    [InlineData("application/octet-stream", "Notes.MD", "markdown")]
    [InlineData("application/octet-stream", "page.htm", "html")]
    [InlineData("binary/octet-stream", "report.pdf", "pdf")]
    public void Select_SupportedUpload_ChoosesByTypeThenExtension(string mimeType, string fileName, string format)
    {
        Assert.Equal(format, _selector.Select(mimeType, fileName)?.Format);
    }

    [Theory]
    [InlineData("image/png", "image.png")]
    [InlineData("image/png", "disguised.pdf")]
    [InlineData("application/octet-stream", "archive.zip")]
    [InlineData("application/octet-stream", "no-extension")]
    [InlineData("application/zip", "design.docx")]
    public void Select_UnsupportedUpload_IsNull(string mimeType, string fileName)
    {
        Assert.Null(_selector.Select(mimeType, fileName));
    }
}
