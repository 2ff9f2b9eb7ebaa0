using System.Buffers.Binary;
using System.Numerics;

namespace Fleet.Events;

/// <content>
/// The exact parse: 26 Crockford base32 characters, the first 0-7, in either case, I and L read as 1 and O as 0. NUlid's
/// own <c>Ulid.Parse</c> is laxer (it drops hyphens from longer text and wraps a first character above 7 into a different
/// id without a word), allocates, and reads no UTF-8; so every id Fleet reads goes through these.
/// </content>
public static partial class UlidExtensions
{
    private const int TextLength = 26;
    private const byte Invalid = 0xFF;

    // ASCII to digit value: both cases, I and L read as 1, O as 0; everything else is Invalid.
    private static ReadOnlySpan<byte> Digits =>
    [
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 255, 255, 255, 255, 255, 255,
        255, 10, 11, 12, 13, 14, 15, 16, 17, 1, 18, 19, 1, 20, 21, 0,
        22, 23, 24, 25, 26, 255, 27, 28, 29, 30, 31, 255, 255, 255, 255, 255,
        255, 10, 11, 12, 13, 14, 15, 16, 17, 1, 18, 19, 1, 20, 21, 0,
        22, 23, 24, 25, 26, 255, 27, 28, 29, 30, 31, 255, 255, 255, 255, 255,
    ];

    private static ParseStatus TryDecode<TChar>(ReadOnlySpan<TChar> text, out Ulid result, out int position)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        result = default;
        position = 0;
        if (text.Length != TextLength)
        {
            return ParseStatus.WrongLength;
        }

        UInt128 value = 0;
        for (var i = 0; i < TextLength; i++)
        {
            var c = uint.CreateTruncating(text[i]);
            var digit = c < (uint)Digits.Length ? Digits[(int)c] : Invalid;
            if (digit == Invalid)
            {
                position = i;
                return ParseStatus.InvalidCharacter;
            }

            // 26 digits carry 130 bits; the first may only use the low 3 of its 5.
            if (i == 0 && digit > 7)
            {
                return ParseStatus.Overflow;
            }

            value = (value << 5) | digit;
        }

        // NUlid keeps the 16 big-endian bytes; its byte constructor takes any value, also a timestamp past year 9999.
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        result = new Ulid(bytes);
        return ParseStatus.Ok;
    }

    private static FormatException ParseError(ReadOnlySpan<char> s, ParseStatus status, int position)
    {
        // Quote the input, but not a whole request body that landed in an id field.
        const int MaxQuoted = 64;
        var quoted = s.Length <= MaxQuoted ? s.ToString() : string.Concat(s[..MaxQuoted], "...");
        var reason = status switch
        {
            ParseStatus.WrongLength => $"it has {s.Length} characters, a ULID has {TextLength}",
            ParseStatus.InvalidCharacter => $"'{s[position]}' at position {position} is not a Crockford base32 digit",
            _ => $"its first character '{s[0]}' is above '7', so the value overflows 128 bits",
        };
        return new FormatException($"'{quoted}' is not a ULID: {reason}.");
    }

    private enum ParseStatus
    {
        Ok,
        WrongLength,
        InvalidCharacter,
        Overflow,
    }
}
