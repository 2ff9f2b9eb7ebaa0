using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Fleet.Redis;

/// <summary>
/// A stream entry id, <c>milliseconds-sequence</c> (e.g. <c>1700000000000-0</c>). Ordered the way Redis orders
/// entries: by milliseconds, then by sequence. Formats and parses without allocating beyond the text asked for.
/// </summary>
public readonly struct RedisStreamId : IEquatable<RedisStreamId>, IComparable<RedisStreamId>, ISpanFormattable, IUtf8SpanFormattable
{
    /// <summary>The longest text an id formats to: two 20-digit numbers and a dash.</summary>
    internal const int MaxLength = 41;

    /// <summary>Creates an id from its two parts.</summary>
    public RedisStreamId(ulong milliseconds, ulong sequence)
    {
        Milliseconds = milliseconds;
        Sequence = sequence;
    }

    /// <summary><c>0-0</c>: before every entry (the start of XAUTOCLAIM, a group reading from the beginning).</summary>
    public static RedisStreamId Zero => default;

    /// <summary>The largest id Redis can hold; after every entry.</summary>
    public static RedisStreamId MaxValue => new(ulong.MaxValue, ulong.MaxValue);

    /// <summary>The time part: Unix milliseconds for ids Redis generated.</summary>
    public ulong Milliseconds { get; }

    /// <summary>The sequence number among entries of the same millisecond.</summary>
    public ulong Sequence { get; }

    /// <summary>Whether <paramref name="left"/> equals <paramref name="right"/>.</summary>
    public static bool operator ==(RedisStreamId left, RedisStreamId right) => left.Equals(right);

    /// <summary>Whether <paramref name="left"/> differs from <paramref name="right"/>.</summary>
    public static bool operator !=(RedisStreamId left, RedisStreamId right) => !left.Equals(right);

    /// <summary>Whether <paramref name="left"/> comes before <paramref name="right"/> in a stream.</summary>
    public static bool operator <(RedisStreamId left, RedisStreamId right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> comes after <paramref name="right"/> in a stream.</summary>
    public static bool operator >(RedisStreamId left, RedisStreamId right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> comes before or equals <paramref name="right"/>.</summary>
    public static bool operator <=(RedisStreamId left, RedisStreamId right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> comes after or equals <paramref name="right"/>.</summary>
    public static bool operator >=(RedisStreamId left, RedisStreamId right) => left.CompareTo(right) >= 0;

    /// <summary>
    /// Parses <c>ms-seq</c>, or <c>ms</c> alone (sequence 0, as XADD and XGROUP read it). Throws
    /// <see cref="FormatException"/> for anything else, including the special ids <c>*</c>, <c>$</c>, <c>&gt;</c>, <c>-</c> and <c>+</c>.
    /// </summary>
    public static RedisStreamId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text.AsSpan(), out var id) ? id : throw new FormatException($"'{text}' is not a Redis stream id (expected milliseconds-sequence, e.g. 1700000000000-0).");
    }

    /// <summary>Parses like <see cref="Parse(string)"/>; false instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out RedisStreamId id)
    {
        if (text is null)
        {
            id = default;
            return false;
        }

        return TryParse(text.AsSpan(), out id);
    }

    /// <summary>Parses like <see cref="Parse(string)"/> from characters; false instead of throwing.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out RedisStreamId id)
    {
        id = default;
        var dash = text.IndexOf('-');
        var first = dash < 0 ? text : text[..dash];
        ulong sequence = 0;
        if (!ulong.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || (dash >= 0 && !ulong.TryParse(text[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out sequence)))
        {
            return false;
        }

        id = new RedisStreamId(milliseconds, sequence);
        return true;
    }

    /// <summary>Parses an id from the UTF-8 bytes of a reply, without making a string.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> utf8, out RedisStreamId id)
    {
        id = default;
        var dash = utf8.IndexOf((byte)'-');
        var first = dash < 0 ? utf8 : utf8[..dash];
        ulong sequence = 0;
        if (!ulong.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || (dash >= 0 && !ulong.TryParse(utf8[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out sequence)))
        {
            return false;
        }

        id = new RedisStreamId(milliseconds, sequence);
        return true;
    }

    /// <summary>Parses an id from UTF-8 bytes; throws <see cref="FormatException"/> when they are not one.</summary>
    internal static RedisStreamId Parse(ReadOnlySpan<byte> utf8) =>
        TryParse(utf8, out var id) ? id : throw new FormatException($"'{System.Text.Encoding.UTF8.GetString(utf8)}' is not a Redis stream id.");

    /// <inheritdoc/>
    public int CompareTo(RedisStreamId other)
    {
        var byTime = Milliseconds.CompareTo(other.Milliseconds);
        return byTime != 0 ? byTime : Sequence.CompareTo(other.Sequence);
    }

    /// <inheritdoc/>
    public bool Equals(RedisStreamId other) => Milliseconds == other.Milliseconds && Sequence == other.Sequence;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RedisStreamId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Milliseconds, Sequence);

    /// <summary>The id as Redis writes it: <c>ms-seq</c>.</summary>
    public override string ToString()
    {
        Span<char> text = stackalloc char[MaxLength];
        TryFormat(text, out var written, default, null);
        return new string(text[..written]);
    }

    /// <summary>The id as <c>ms-seq</c>; the format and provider are ignored (ids are invariant digits).</summary>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>Writes <c>ms-seq</c> into <paramref name="destination"/>; false when it is too short.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
    {
        charsWritten = 0;
        if (!Milliseconds.TryFormat(destination, out var first, default, CultureInfo.InvariantCulture)
            || first >= destination.Length)
        {
            return false;
        }

        destination[first] = '-';
        if (!Sequence.TryFormat(destination[(first + 1)..], out var second, default, CultureInfo.InvariantCulture))
        {
            return false;
        }

        charsWritten = first + 1 + second;
        return true;
    }

    /// <summary>Writes <c>ms-seq</c> as UTF-8 into <paramref name="utf8Destination"/>; false when it is too short.</summary>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
    {
        bytesWritten = 0;
        if (!Milliseconds.TryFormat(utf8Destination, out var first, default, CultureInfo.InvariantCulture)
            || first >= utf8Destination.Length)
        {
            return false;
        }

        utf8Destination[first] = (byte)'-';
        if (!Sequence.TryFormat(utf8Destination[(first + 1)..], out var second, default, CultureInfo.InvariantCulture))
        {
            return false;
        }

        bytesWritten = first + 1 + second;
        return true;
    }
}
