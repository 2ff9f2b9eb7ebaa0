using System.Text;
using System.Text.Unicode;

namespace Fleet.FileProcessor.Extraction;

/// <summary>
/// Turns the bytes of a text file into a string. In order: a byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
/// without one, UTF-16 is recognised by its zero bytes (text in a Latin script has a zero in every other byte, at odd
/// offsets for little endian and even ones for big endian); then valid UTF-8 is UTF-8; anything else is read as
/// ISO-8859-1 (Latin-1), the usual source of invalid UTF-8 being a legacy 8-bit file, which every byte maps to a
/// character of, so its words survive instead of turning into U+FFFD. Bytes with a NUL that are not UTF-16 or UTF-32
/// are not text: <see cref="FileProcessingException"/> (<c>corrupt</c>).
/// </summary>
internal static class TextDecoder
{
    // Enough to see the pattern; a file shorter than this is looked at whole.
    private const int SampleBytes = 4096;

    private static readonly Encoding Utf16BigEndian = new UnicodeEncoding(bigEndian: true, byteOrderMark: false);
    private static readonly Encoding Utf32BigEndian = new UTF32Encoding(bigEndian: true, byteOrderMark: false);

    /// <summary>The encoding <see cref="Decode"/> would use and how many leading bytes are its byte-order mark.</summary>
    public static Encoding Detect(ReadOnlySpan<byte> bytes, out int bomLength)
    {
        bomLength = 0;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bomLength = 3;
            return Encoding.UTF8;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            bomLength = 4;
            return Encoding.UTF32;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            bomLength = 4;
            return Utf32BigEndian;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            bomLength = 2;
            return Encoding.Unicode;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            bomLength = 2;
            return Utf16BigEndian;
        }

        if (LooksLikeUtf16(bytes, out var bigEndian))
        {
            return bigEndian ? Utf16BigEndian : Encoding.Unicode;
        }

        return Utf8.IsValid(bytes) ? Encoding.UTF8 : Encoding.Latin1;
    }

    /// <summary>The text of <paramref name="bytes"/> (see the class summary for the rules).</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var encoding = Detect(bytes, out var bomLength);
        var body = bytes[bomLength..];
        if ((encoding == Encoding.UTF8 || encoding == Encoding.Latin1) && body.Contains((byte)0))
        {
            throw new FileProcessingException(FailureReasons.Corrupt, "The file holds binary data (NUL bytes), not text in a known encoding.");
        }

        // Decoding replaces what does not fit (a lone surrogate, a truncated last character) with U+FFFD, never throws.
        return encoding.GetString(body);
    }

    private static bool LooksLikeUtf16(ReadOnlySpan<byte> bytes, out bool bigEndian)
    {
        var sample = bytes[..(Math.Min(bytes.Length, SampleBytes) & ~1)];
        var pairs = sample.Length / 2;
        var zeroEven = 0;
        var zeroOdd = 0;
        for (var i = 0; i < sample.Length; i += 2)
        {
            zeroEven += sample[i] == 0 ? 1 : 0;
            zeroOdd += sample[i + 1] == 0 ? 1 : 0;
        }

        // Most code units of Latin-script text have a zero high byte; the other byte is rarely zero (only U+0000, U+0100…).
        bigEndian = zeroEven > zeroOdd;
        var (high, low) = bigEndian ? (zeroEven, zeroOdd) : (zeroOdd, zeroEven);
        return pairs >= 2 && high * 10 >= pairs * 3 && low * 20 <= pairs;
    }
}
