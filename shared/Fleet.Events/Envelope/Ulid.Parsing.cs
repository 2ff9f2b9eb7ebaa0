using System.Diagnostics.CodeAnalysis;

namespace Fleet.Events;

/// <content>Parsing the 26-character Crockford base32 text.</content>
public readonly partial struct Ulid
{
    /// <summary>
    /// Parses 26 Crockford base32 characters, in either case, reading I and L as 1 and O as 0.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is null.</exception>
    /// <exception cref="FormatException">The text is not a ULID; the message quotes it and says why.</exception>
    public static Ulid Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Parse(s.AsSpan());
    }

    /// <inheritdoc cref="Parse(string)"/>
    public static Ulid Parse(ReadOnlySpan<char> s)
    {
        var status = TryDecode(s, out var result, out var position);
        return status == ParseStatus.Ok ? result : throw ParseError(s, status, position);
    }

    /// <summary>Parses the text as <see cref="Parse(string)"/> does; the provider is ignored.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is null.</exception>
    /// <exception cref="FormatException">The text is not a ULID.</exception>
    public static Ulid Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <summary>Parses the text as <see cref="Parse(string)"/> does; the provider is ignored.</summary>
    /// <exception cref="FormatException">The text is not a ULID.</exception>
    public static Ulid Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    /// <summary>Parses the text as <see cref="Parse(string)"/> does; false for null or text that is not a ULID.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, out Ulid result) => TryParse(s.AsSpan(), out result);

    /// <summary>Parses the text as <see cref="Parse(string)"/> does; false when it is not a ULID.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out Ulid result) => TryDecode(s, out result, out _) == ParseStatus.Ok;

    /// <summary>Parses UTF-8 text as <see cref="Parse(string)"/> does; false when it is not a ULID.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, out Ulid result)
    {
        result = default;
        if (utf8Text.Length != TextLength)
        {
            return false;
        }

        UInt128 value = 0;
        for (var i = 0; i < TextLength; i++)
        {
            var digit = Decode(utf8Text[i]);
            if (digit == Invalid || (i == 0 && digit > 7))
            {
                return false;
            }

            value = (value << 5) | digit;
        }

        result = new Ulid((ulong)(value >> 64), (ulong)value);
        return true;
    }

    /// <summary>Parses the text as <see cref="Parse(string)"/> does; the provider is ignored.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Ulid result) => TryParse(s, out result);

    /// <summary>Parses the text as <see cref="Parse(string)"/> does; the provider is ignored.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out Ulid result) => TryParse(s, out result);

    private static byte Decode(int c) => (uint)c < (uint)Digits.Length ? Digits[c] : Invalid;

    private static ParseStatus TryDecode(ReadOnlySpan<char> s, out Ulid result, out int position)
    {
        result = default;
        position = 0;
        if (s.Length != TextLength)
        {
            return ParseStatus.WrongLength;
        }

        UInt128 value = 0;
        for (var i = 0; i < TextLength; i++)
        {
            var digit = Decode(s[i]);
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

        result = new Ulid((ulong)(value >> 64), (ulong)value);
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
