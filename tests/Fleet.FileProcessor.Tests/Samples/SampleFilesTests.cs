using Fleet.FileProcessor.Extraction;

namespace Fleet.FileProcessor.Tests.Samples;

/// <summary>
/// The committed samples are the generator's: the same text comes out of the committed and of freshly generated PDF and
/// DOCX, and the other generated files are byte for byte the same. Run with FLEET_WRITE_SAMPLES=1 to rewrite the
/// committed files from the generator first (encrypted.pdf needs qpdf).
/// </summary>
public sealed class SampleFilesTests
{
    public SampleFilesTests()
    {
        if (Environment.GetEnvironmentVariable("FLEET_WRITE_SAMPLES") == "1")
        {
            SampleFileGenerator.WriteAll(SampleFiles.Directory);
        }
    }

    [Fact]
    public void ReportPdf_Committed_HoldsTheGeneratorsText()
    {
        var extractor = new PdfExtractor();

        Assert.Equal(
            extractor.Extract(SampleFileGenerator.Pdf(SampleTexts.ReportTitle, SampleTexts.Report)),
            extractor.Extract(SampleFiles.Read("report.pdf")));
    }

    [Fact]
    public void DesignDocx_Committed_HoldsTheGeneratorsText()
    {
        var extractor = new DocxExtractor();

        Assert.Equal(
            extractor.Extract(SampleFileGenerator.Docx(SampleTexts.DesignTitle, SampleTexts.Design)),
            extractor.Extract(SampleFiles.Read("design.docx")));
    }

    [Theory]
    [InlineData("utf16.txt")]
    [InlineData("corrupt.pdf")]
    [InlineData("image.png")]
    [InlineData("empty.txt")]
    public void OtherGeneratedSamples_Committed_AreTheGeneratorsBytes(string name)
    {
        var generated = name switch
        {
            "utf16.txt" => SampleFileGenerator.Utf16(SampleTexts.Sailing),
            "corrupt.pdf" => SampleFileGenerator.CorruptPdf(),
            "image.png" => SampleFileGenerator.Png(),
            _ => SampleFileGenerator.Empty(),
        };

        Assert.Equal(generated, SampleFiles.Read(name));
    }

    [Fact]
    public void ImagePng_Committed_IsAPng()
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], SampleFiles.Read("image.png")[..8]);
    }
}
