using System.Diagnostics;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Core;
using PdfPageSize = UglyToad.PdfPig.Content.PageSize;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Fleet.FileProcessor.Tests.Samples;

/// <summary>
/// Makes the binary sample files of samples/files/ with the libraries the service reads them with: report.pdf with
/// PdfPig's PdfDocumentBuilder, design.docx with DocumentFormat.OpenXml, utf16.txt, corrupt.pdf, encrypted.pdf (the
/// report encrypted by <c>qpdf --encrypt</c>, as PdfPig cannot write encryption), image.png and empty.txt. The text
/// samples (notes.md, page.html, plain.txt) are written by hand. <see cref="SampleFilesTests"/> checks the committed
/// files against this generator and rewrites them when FLEET_WRITE_SAMPLES=1.
/// </summary>
internal static class SampleFileGenerator
{
    /// <summary>The user password of encrypted.pdf (the owner password is "fleet-owner").</summary>
    public const string EncryptedPdfPassword = "fleet-user";

    private const double FontSize = 11;
    private const double LineHeight = 15;
    private const double Margin = 56;
    private const int CharactersPerLine = 88;

    // A 1 x 1 pixel PNG (8-bit greyscale): a real image, which no extractor reads.
    private static readonly byte[] OnePixelPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAWk1v8QAAAABJRU5ErkJggg==");

    /// <summary>A PDF of <paramref name="title"/> and <paramref name="paragraphs"/>, wrapped to the page, a blank line between paragraphs.</summary>
    public static byte[] Pdf(string title, IReadOnlyList<string> paragraphs)
    {
        var builder = new PdfDocumentBuilder();
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        var page = builder.AddPage(PdfPageSize.A4);
        var top = page.PageSize.Height - Margin;
        var y = top;
        page.AddText(title, 16, new PdfPoint(Margin, y), bold);
        y -= LineHeight * 2.5;
        foreach (var paragraph in paragraphs)
        {
            foreach (var line in Wrap(paragraph, CharactersPerLine))
            {
                if (y < Margin)
                {
                    page = builder.AddPage(PdfPageSize.A4);
                    y = top;
                }

                page.AddText(line, FontSize, new PdfPoint(Margin, y), regular);
                y -= LineHeight;
            }

            y -= LineHeight;
        }

        return builder.Build();
    }

    /// <summary>A Word document with a heading and one paragraph per entry of <paramref name="paragraphs"/>.</summary>
    public static byte[] Docx(string title, IReadOnlyList<string> paragraphs)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            body.Append(new Paragraph(new Run(new RunProperties(new Bold(), new FontSize { Val = "32" }), new Text(title))));
            foreach (var paragraph in paragraphs)
            {
                body.Append(new Paragraph(new Run(new Text(paragraph) { Space = SpaceProcessingModeValues.Preserve })));
            }

            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    /// <summary><paramref name="text"/> as UTF-16 little endian with its byte-order mark.</summary>
    public static byte[] Utf16(string text) => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text.ReplaceLineEndings("\n"))];

    /// <summary>A file that starts like a PDF and is not one: a header, then bytes that are no PDF object, no trailer.</summary>
    public static byte[] CorruptPdf()
    {
        var garbage = new byte[600];
        for (var i = 0; i < garbage.Length; i++)
        {
            garbage[i] = (byte)((i * 131 + 7) % 251);
        }

        return [.. "%PDF-1.7\n"u8, .. garbage];
    }

    /// <summary>A one-pixel PNG.</summary>
    public static byte[] Png() => OnePixelPng;

    /// <summary>A text file of whitespace only.</summary>
    public static byte[] Empty() => "\n  \n\t\n"u8.ToArray();

    /// <summary>Writes every generated sample to <paramref name="directory"/> (encrypted.pdf needs <c>qpdf</c> on PATH).</summary>
    public static void WriteAll(string directory)
    {
        var report = Pdf(SampleTexts.ReportTitle, SampleTexts.Report);
        File.WriteAllBytes(Path.Combine(directory, "report.pdf"), report);
        File.WriteAllBytes(Path.Combine(directory, "design.docx"), Docx(SampleTexts.DesignTitle, SampleTexts.Design));
        File.WriteAllBytes(Path.Combine(directory, "utf16.txt"), Utf16(SampleTexts.Sailing));
        File.WriteAllBytes(Path.Combine(directory, "corrupt.pdf"), CorruptPdf());
        File.WriteAllBytes(Path.Combine(directory, "image.png"), Png());
        File.WriteAllBytes(Path.Combine(directory, "empty.txt"), Empty());
        var plain = Path.Combine(directory, "encrypted.source.pdf");
        File.WriteAllBytes(plain, Pdf("Confidential", [SampleTexts.Report[0]]));
        try
        {
            Run("qpdf", "--encrypt", EncryptedPdfPassword, "fleet-owner", "256", "--", plain, Path.Combine(directory, "encrypted.pdf"));
        }
        finally
        {
            File.Delete(plain);
        }
    }

    private static IEnumerable<string> Wrap(string paragraph, int width)
    {
        var line = new StringBuilder();
        foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {error}");
        }
    }
}
