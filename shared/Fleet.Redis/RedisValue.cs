using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Fleet.Redis;

/// <summary>
/// A binary-safe Redis value: text (sent as UTF-8), raw bytes, an integer or a double, or null.
/// Used for command arguments and for string replies. Cheap to copy; it does not own the bytes it
/// was made from, so a caller must not change an array it passed until the command completed.
/// </summary>
public readonly struct RedisValue : IEquatable<RedisValue>
{
    private readonly string? _text;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly long _number;
    private readonly ValueKind _kind;

    private RedisValue(ValueKind kind, string? text, ReadOnlyMemory<byte> bytes, long number)
    {
        _kind = kind;
        _text = text;
        _bytes = bytes;
        _number = number;
    }

    private enum ValueKind : byte
    {
        Null,
        Text,
        Bytes,
        Integer,
        Double,
    }

    /// <summary>The null value (a missing key, a RESP null).</summary>
    public static RedisValue Null => default;

    /// <summary>Whether this is the null value.</summary>
    public bool IsNull => _kind == ValueKind.Null;

    /// <summary>Whether this is null or has no bytes.</summary>
    public bool IsNullOrEmpty => _kind switch
    {
        ValueKind.Null => true,
        ValueKind.Text => _text!.Length == 0,
        ValueKind.Bytes => _bytes.IsEmpty,
        _ => false,
    };

    /// <summary>A value of UTF-8 text; null text gives <see cref="Null"/>.</summary>
    public static implicit operator RedisValue(string? text) => text is null ? Null : new(ValueKind.Text, text, default, 0);

    /// <summary>A value of raw bytes; a null array gives <see cref="Null"/>.</summary>
    public static implicit operator RedisValue(byte[]? bytes) => bytes is null ? Null : new(ValueKind.Bytes, null, bytes, 0);

    /// <summary>A value of raw bytes.</summary>
    public static implicit operator RedisValue(ReadOnlyMemory<byte> bytes) => new(ValueKind.Bytes, null, bytes, 0);

    /// <summary>An integer, sent as its decimal text.</summary>
    public static implicit operator RedisValue(long number) => new(ValueKind.Integer, null, default, number);

    /// <summary>An integer, sent as its decimal text.</summary>
    public static implicit operator RedisValue(int number) => new(ValueKind.Integer, null, default, number);

    /// <summary>A double, sent in the shortest round-trip form (<c>inf</c> / <c>-inf</c> for infinities).</summary>
    public static implicit operator RedisValue(double number) => new(ValueKind.Double, null, default, BitConverter.DoubleToInt64Bits(number));

    /// <summary>The value as text (UTF-8 decoded); null for <see cref="Null"/>.</summary>
    public static explicit operator string?(RedisValue value) => value.IsNull ? null : value.ToString();

    /// <summary>The value as an integer; throws <see cref="FormatException"/> when it is not one.</summary>
    public static explicit operator long(RedisValue value) => value.ToInt64();

    /// <summary>The value as a double; throws <see cref="FormatException"/> when it is not one.</summary>
    public static explicit operator double(RedisValue value) => value.ToDouble();

    /// <summary>Equality by content bytes.</summary>
    public static bool operator ==(RedisValue left, RedisValue right) => left.Equals(right);

    /// <summary>Inequality by content bytes.</summary>
    public static bool operator !=(RedisValue left, RedisValue right) => !left.Equals(right);

    /// <summary>A value that copies <paramref name="bytes"/>, for replies whose buffer is reused.</summary>
    internal static RedisValue CopyOf(ReadOnlySpan<byte> bytes) => new(ValueKind.Bytes, null, bytes.ToArray(), 0);

    /// <summary>The number of bytes this value is sent as.</summary>
    public int GetByteCount() => _kind switch
    {
        ValueKind.Null => 0,
        ValueKind.Text => Encoding.UTF8.GetByteCount(_text!),
        ValueKind.Bytes => _bytes.Length,
        _ => FormatNumber(stackalloc byte[32]),
    };

    /// <summary>Writes the value's bytes into <paramref name="destination"/>, which holds at least <see cref="GetByteCount"/> bytes.</summary>
    public int CopyTo(Span<byte> destination)
    {
        switch (_kind)
        {
            case ValueKind.Null:
                return 0;
            case ValueKind.Text:
                return Encoding.UTF8.GetBytes(_text!, destination);
            case ValueKind.Bytes:
                _bytes.Span.CopyTo(destination);
                return _bytes.Length;
            default:
                return FormatNumber(destination);
        }
    }

    /// <summary>The value's bytes as a new array (empty for null).</summary>
    public byte[] ToArray()
    {
        if (_kind == ValueKind.Bytes)
        {
            return _bytes.ToArray();
        }

        var bytes = new byte[GetByteCount()];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>The value's bytes without copying where it already holds bytes.</summary>
    public ReadOnlyMemory<byte> AsMemory() => _kind == ValueKind.Bytes ? _bytes : ToArray();

    /// <summary>The value as an integer.</summary>
    public long ToInt64()
    {
        if (_kind == ValueKind.Integer)
        {
            return _number;
        }

        Span<byte> scratch = stackalloc byte[64];
        var bytes = Bytes(scratch);
        return Utf8Parser.TryParse(bytes, out long value, out var consumed) && consumed == bytes.Length
            ? value
            : throw new FormatException($"Redis value '{this}' is not an integer.");
    }

    /// <summary>The value as a double.</summary>
    public double ToDouble()
    {
        if (_kind == ValueKind.Double)
        {
            return BitConverter.Int64BitsToDouble(_number);
        }

        if (_kind == ValueKind.Integer)
        {
            return _number;
        }

        Span<byte> scratch = stackalloc byte[64];
        try
        {
            return Protocol.RespReader.ParseDouble(Bytes(scratch));
        }
        catch (RedisProtocolException)
        {
            throw new FormatException($"Redis value '{this}' is not a number.");
        }
    }

    /// <summary>The value as UTF-8 text; empty for null.</summary>
    public override string ToString() => _kind switch
    {
        ValueKind.Null => string.Empty,
        ValueKind.Text => _text!,
        ValueKind.Bytes => Encoding.UTF8.GetString(_bytes.Span),
        ValueKind.Integer => _number.ToString(CultureInfo.InvariantCulture),
        _ => FormatDouble(BitConverter.Int64BitsToDouble(_number)),
    };

    /// <inheritdoc/>
    public bool Equals(RedisValue other)
    {
        if (IsNull || other.IsNull)
        {
            return IsNull && other.IsNull;
        }

        if (_kind == ValueKind.Bytes && other._kind == ValueKind.Bytes)
        {
            return _bytes.Span.SequenceEqual(other._bytes.Span);
        }

        return ToArray().AsSpan().SequenceEqual(other.ToArray());
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RedisValue other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_kind == ValueKind.Bytes ? _bytes.Span : ToArray());
        return hash.ToHashCode();
    }

    private ReadOnlySpan<byte> Bytes(Span<byte> scratch)
    {
        if (_kind == ValueKind.Bytes)
        {
            return _bytes.Span;
        }

        var count = GetByteCount();
        var target = count <= scratch.Length ? scratch : new byte[count];
        return target[..CopyTo(target)];
    }

    private int FormatNumber(Span<byte> destination)
    {
        if (_kind == ValueKind.Integer)
        {
            Utf8Formatter.TryFormat(_number, destination, out var written);
            return written;
        }

        return Encoding.ASCII.GetBytes(FormatDouble(BitConverter.Int64BitsToDouble(_number)), destination);
    }

    private static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
