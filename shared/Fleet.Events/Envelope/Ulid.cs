using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Fleet.Events;

/// <summary>
/// A ULID: a 48-bit Unix millisecond timestamp followed by 80 random bits, written as 26 upper-case
/// Crockford base32 characters. Values, their text and their big-endian bytes all sort the same way,
/// so ids sort by creation time.
/// </summary>
public readonly partial struct Ulid : IEquatable<Ulid>, IComparable<Ulid>, ISpanFormattable, IUtf8SpanFormattable, ISpanParsable<Ulid>
{
    private const int TextLength = 26;
    private const int ByteLength = 16;
    private const int RandomnessLength = 10;
    private const ulong MaxTimestamp = (1UL << 48) - 1;
    private const byte Invalid = 0xFF;

    private static readonly Generator SystemGenerator = new();
    private static readonly ConditionalWeakTable<TimeProvider, Generator> Generators = [];

    // _high: timestamp (48 bits) then the top 16 random bits; _low: the other 64 random bits.
    // Comparing (_high, _low) as unsigned numbers is comparing the text and the bytes.
    private readonly ulong _high;
    private readonly ulong _low;

    private Ulid(ulong high, ulong low)
    {
        _high = high;
        _low = low;
    }

    /// <summary>Reads a ULID from its 16 big-endian bytes, as written by <see cref="WriteBytes"/>.</summary>
    /// <param name="bytes">Exactly 16 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 16 bytes long.</exception>
    public Ulid(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != ByteLength)
        {
            throw new ArgumentException($"A ULID is {ByteLength} bytes, not {bytes.Length}.", nameof(bytes));
        }

        _high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _low = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
    }

    /// <summary>The all-zero ULID, "00000000000000000000000000".</summary>
    public static Ulid Empty => default;

    /// <summary>Whether this is <see cref="Empty"/>.</summary>
    public bool IsEmpty => (_high | _low) == 0;

    /// <summary>
    /// The timestamp, to the millisecond. A timestamp past <see cref="DateTimeOffset.MaxValue"/> (possible in parsed
    /// text, never in generated ids) reads as <see cref="DateTimeOffset.MaxValue"/>.
    /// </summary>
    public DateTimeOffset Time
    {
        get
        {
            var milliseconds = (long)(_high >> 16);
            return milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
                ? DateTimeOffset.MaxValue
                : DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        }
    }

    // Crockford base32: no I, L, O or U.
    private static ReadOnlySpan<byte> Alphabet => "0123456789ABCDEFGHJKMNPQRSTVWXYZ"u8;

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

    /// <summary>A new ULID stamped with the system clock; see <see cref="NewUlid(TimeProvider)"/>.</summary>
    public static Ulid NewUlid() => SystemGenerator.Next(TimeProvider.System.GetUtcNow());

    /// <summary>
    /// A new ULID stamped with <paramref name="timeProvider"/>'s clock. Ids from one clock are strictly increasing
    /// across calls from any thread: within one millisecond, or when the clock goes backwards, the id is the previous
    /// one plus 1 (keeping the previous timestamp), and when the 80 random bits run out the timestamp moves 1 ms ahead.
    /// Each <see cref="TimeProvider"/> instance has its own sequence, so a test clock never holds back the system one.
    /// </summary>
    /// <exception cref="InvalidOperationException">The clock is before 1970 or past the 48-bit range.</exception>
    public static Ulid NewUlid(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var generator = ReferenceEquals(timeProvider, TimeProvider.System)
            ? SystemGenerator
            : Generators.GetValue(timeProvider, static _ => new Generator());
        return generator.Next(timeProvider.GetUtcNow());
    }

    /// <summary>A ULID made of <paramref name="time"/> (to the millisecond) and 10 bytes of randomness.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is before 1970.</exception>
    /// <exception cref="ArgumentException"><paramref name="randomness10"/> is not 10 bytes long.</exception>
    public static Ulid FromParts(DateTimeOffset time, ReadOnlySpan<byte> randomness10)
    {
        var milliseconds = time.ToUnixTimeMilliseconds();
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds, nameof(time));
        if (randomness10.Length != RandomnessLength)
        {
            throw new ArgumentException($"ULID randomness is {RandomnessLength} bytes, not {randomness10.Length}.", nameof(randomness10));
        }

        return FromParts((ulong)milliseconds, randomness10);
    }

    /// <summary>Reads a ULID from its 16 big-endian bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 16 bytes long.</exception>
    public static Ulid FromBytes(ReadOnlySpan<byte> bytes) => new(bytes);

    /// <summary>The 16 big-endian bytes: the timestamp first, so byte order is time order.</summary>
    public byte[] ToByteArray()
    {
        var bytes = new byte[ByteLength];
        WriteBytes(bytes);
        return bytes;
    }

    /// <summary>Writes the 16 big-endian bytes to the start of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 16 bytes.</exception>
    public void WriteBytes(Span<byte> destination)
    {
        if (destination.Length < ByteLength)
        {
            throw new ArgumentException($"A ULID needs {ByteLength} bytes, the destination has {destination.Length}.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
    }

    /// <summary>The 26-character canonical text.</summary>
    public override string ToString() => string.Create(TextLength, this, static (chars, id) => id.Format(chars));

    /// <summary>The 26-character canonical text; a ULID has one text form, so the format and provider are ignored.</summary>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>Writes the 26-character canonical text; false, writing nothing, when it does not fit.</summary>
    /// <param name="destination">Where to write the text.</param>
    /// <param name="charsWritten">26, or 0 when the text did not fit.</param>
    /// <param name="format">Ignored: a ULID has one text form.</param>
    /// <param name="provider">Ignored.</param>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
    {
        if (destination.Length < TextLength)
        {
            charsWritten = 0;
            return false;
        }

        Format(destination);
        charsWritten = TextLength;
        return true;
    }

    /// <summary>Writes the 26-character canonical text as UTF-8; false, writing nothing, when it does not fit.</summary>
    /// <param name="utf8Destination">Where to write the text.</param>
    /// <param name="bytesWritten">26, or 0 when the text did not fit.</param>
    /// <param name="format">Ignored: a ULID has one text form.</param>
    /// <param name="provider">Ignored.</param>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
    {
        if (utf8Destination.Length < TextLength)
        {
            bytesWritten = 0;
            return false;
        }

        var value = new UInt128(_high, _low);
        for (var i = TextLength - 1; i >= 0; i--)
        {
            utf8Destination[i] = Alphabet[(int)((ulong)value & 31)];
            value >>= 5;
        }

        bytesWritten = TextLength;
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(Ulid other) => _high == other._high && _low == other._low;

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is Ulid other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_high, _low);

    /// <summary>Orders by timestamp, then randomness: the order of the text and of the bytes.</summary>
    public int CompareTo(Ulid other) => _high != other._high ? _high.CompareTo(other._high) : _low.CompareTo(other._low);

    /// <summary>Whether the two are the same ULID.</summary>
    public static bool operator ==(Ulid left, Ulid right) => left.Equals(right);

    /// <summary>Whether the two are different ULIDs.</summary>
    public static bool operator !=(Ulid left, Ulid right) => !left.Equals(right);

    /// <summary>Whether <paramref name="left"/> sorts before <paramref name="right"/>.</summary>
    public static bool operator <(Ulid left, Ulid right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> sorts after <paramref name="right"/>.</summary>
    public static bool operator >(Ulid left, Ulid right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> sorts before or equals <paramref name="right"/>.</summary>
    public static bool operator <=(Ulid left, Ulid right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> sorts after or equals <paramref name="right"/>.</summary>
    public static bool operator >=(Ulid left, Ulid right) => left.CompareTo(right) >= 0;

    private static Ulid FromParts(ulong milliseconds, ReadOnlySpan<byte> randomness10) =>
        new((milliseconds << 16) | BinaryPrimitives.ReadUInt16BigEndian(randomness10), BinaryPrimitives.ReadUInt64BigEndian(randomness10[2..]));

    private void Format(Span<char> destination)
    {
        var value = new UInt128(_high, _low);
        for (var i = TextLength - 1; i >= 0; i--)
        {
            destination[i] = (char)Alphabet[(int)((ulong)value & 31)];
            value >>= 5;
        }
    }
}
