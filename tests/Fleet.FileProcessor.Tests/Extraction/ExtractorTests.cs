using Fleet.FileProcessor.Extraction;
using Fleet.FileProcessor.Tests.Samples;

namespace Fleet.FileProcessor.Tests.Extraction;

/// <summary>Each extractor on the real sample files: known sentences come out whole, markup and scripts do not.</summary>
public sealed class ExtractorTests
{
    [Fact]
    public void Pdf_ReportSample_YieldsItsSentencesAndParagraphs()
    {
        var text = new PdfExtractor().Extract(SampleFiles.Read("report.pdf"));

        Assert.StartsWith(SampleTexts.ReportTitle, text, StringComparison.Ordinal);
        Assert.Contains("A consumer group turns a stream into a work queue.", text, StringComparison.Ordinal);
        Assert.Contains("Recovering those entries is the job of XAUTOCLAIM.", text, StringComparison.Ordinal);
        Assert.Contains("the depth of the dead-letter stream.", text, StringComparison.Ordinal);

        // A paragraph wrapped over several lines comes out as one paragraph; paragraphs are separated by a blank line.
        Assert.Contains(SampleTexts.Report[1], text.Split("\n\n"));
    }

    [Fact]
    public void Pdf_EncryptedSample_IsEncrypted()
    {
        var error = Assert.Throws<FileProcessingException>(() => new PdfExtractor().Extract(SampleFiles.Read("encrypted.pdf")));

        Assert.Equal(FailureReasons.Encrypted, error.Reason);
    }

    [Fact]
    public void Pdf_EncryptedSample_OpensWithItsPassword()
    {
        // The sample is a real encrypted PDF that PdfPig decrypts given the user password, not a file PdfPig cannot parse.
        using var document = UglyToad.PdfPig.PdfDocument.Open(SampleFiles.Read("encrypted.pdf"), new UglyToad.PdfPig.ParsingOptions { Password = SampleFileGenerator.EncryptedPdfPassword });

        Assert.Contains("append-only log", document.GetPage(1).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Pdf_CorruptSample_IsCorrupt()
    {
        var error = Assert.Throws<FileProcessingException>(() => new PdfExtractor().Extract(SampleFiles.Read("corrupt.pdf")));

        Assert.Equal(FailureReasons.Corrupt, error.Reason);
    }

    [Fact]
    public void Pdf_TruncatedReport_IsCorruptOrPartialButNeverThrowsAnythingElse()
    {
        var report = SampleFiles.Read("report.pdf");

        var error = Record.Exception(() => new PdfExtractor().Extract(report.AsMemory(0, report.Length / 3)));

        Assert.True(error is null or FileProcessingException { Reason: FailureReasons.Corrupt }, error?.ToString());
    }

    [Fact]
    public void Docx_DesignSample_YieldsEveryParagraph()
    {
        var text = new DocxExtractor().Extract(SampleFiles.Read("design.docx"));

        Assert.Equal([SampleTexts.DesignTitle, .. SampleTexts.Design], text.Split("\n\n"));
    }

    [Fact]
    public void Docx_NotAZip_IsCorrupt()
    {
        var error = Assert.Throws<FileProcessingException>(() => new DocxExtractor().Extract(SampleFiles.Read("plain.txt")));

        Assert.Equal(FailureReasons.Corrupt, error.Reason);
    }

    [Fact]
    public void Markdown_NotesSample_YieldsPlainTextWithoutMarkup()
    {
        var text = new MarkdownExtractor().Extract(SampleFiles.Read("notes.md"));
        var paragraphs = text.Split("\n\n");

        Assert.Equal("Hiking in the Alps: notes from three summers", paragraphs[0]);
        Assert.Contains("When to go", paragraphs);
        Assert.Contains("Bring a silk sleeping-bag liner; blankets are provided, sheets are not.", paragraphs);
        Assert.Contains("Early July gives wildflowers and long days", text, StringComparison.Ordinal);
        Assert.Contains("Eiger, Mönch and Jungfrau", text, StringComparison.Ordinal);
        Assert.DoesNotContain("**", text, StringComparison.Ordinal);
        Assert.DoesNotContain("#", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_PageSample_YieldsTheRenderedTextWithoutScriptOrStyle()
    {
        var text = new HtmlExtractor().Extract(SampleFiles.Read("page.html"));
        var paragraphs = text.Split("\n\n");

        Assert.Contains("Baking sourdough bread at home", paragraphs);
        Assert.Contains("Making a starter", paragraphs);
        Assert.Contains("Let the loaf cool for at least an hour before cutting it. The crumb is still setting as the steam escapes, and bread cut hot turns gummy.", paragraphs);
        Assert.Contains("Dense, tight crumb Under-fermented dough or a weak starter", paragraphs);
        Assert.DoesNotContain("analytics", text, StringComparison.Ordinal);
        Assert.DoesNotContain("font-family", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Enable JavaScript", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainText_PlainSample_IsReadAsUtf8()
    {
        var text = new PlainTextExtractor().Extract(SampleFiles.Read("plain.txt"));

        Assert.Equal(File.ReadAllText(SampleFiles.PathOf("plain.txt")), text);
        Assert.Contains("Saturn is the planet that makes people gasp.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainText_Utf16Sample_IsReadWithItsByteOrderMark()
    {
        var text = new PlainTextExtractor().Extract(SampleFiles.Read("utf16.txt"));

        Assert.Equal(SampleTexts.Sailing.ReplaceLineEndings("\n"), text);
        Assert.Contains("« le sens marin »", text, StringComparison.Ordinal);
        Assert.Contains("Föhn", text, StringComparison.Ordinal);
    }
}
