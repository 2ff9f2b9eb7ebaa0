using System.Text;
using Fleet.FileProcessor.Extraction;

namespace Fleet.FileProcessor.Tests.Extraction;

/// <summary>Plain text's encodings: byte-order marks, UTF-16 without one, UTF-8, and what is not UTF-8.</summary>
public sealed class TextDecoderTests
{
    private const string Text = "Grüße aus Zürich — the café opens at 8.\nSecond line.";

    public static TheoryData<string, byte[]> Encoded() => new()
    {
        { "UTF-8", Encoding.UTF8.GetBytes(Text) },
        { "UTF-8 BOM", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Text)] },
        { "UTF-16 LE BOM", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Text)] },
        { "UTF-16 BE BOM", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(Text)] },
        { "UTF-16 LE", Encoding.Unicode.GetBytes(Text) },
        { "UTF-16 BE", Encoding.BigEndianUnicode.GetBytes(Text) },
        { "UTF-32 LE BOM", [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(Text)] },
    };

    [Theory]
    [MemberData(nameof(Encoded))]
    public void Decode_KnownEncoding_GivesTheText(string encoding, byte[] bytes)
    {
        Assert.True(Text == TextDecoder.Decode(bytes), $"{encoding} was not decoded");
    }

    [Fact]
    public void Decode_Utf16WithoutBomSample_IsRecognised()
    {
        var withBom = Samples.SampleFiles.Read("utf16.txt");

        var text = TextDecoder.Decode(withBom.AsSpan(2));

        Assert.Equal(Samples.SampleTexts.Sailing.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void Decode_InvalidUtf8_IsReadAsLatin1()
    {
        // "café crème" in ISO-8859-1: é and è are single bytes that are not valid UTF-8.
        var bytes = Encoding.Latin1.GetBytes("café crème, naïve façade");

        Assert.Equal("café crème, naïve façade", TextDecoder.Decode(bytes));
    }

    [Fact]
    public void Decode_BinaryWithNulBytes_IsCorrupt()
    {
        var error = Assert.Throws<FileProcessingException>(() => TextDecoder.Decode(Samples.SampleFiles.Read("image.png")));

        Assert.Equal(FailureReasons.Corrupt, error.Reason);
    }

    [Fact]
    public void Decode_AsciiText_IsNotMistakenForUtf16()
    {
        var bytes = Encoding.ASCII.GetBytes("ab cd ef gh ij kl mn op");

        Assert.Same(Encoding.UTF8, TextDecoder.Detect(bytes, out var bom));
        Assert.Equal(0, bom);
    }
}
