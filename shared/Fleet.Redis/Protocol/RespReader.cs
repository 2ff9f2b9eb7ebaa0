using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Fleet.Redis.Protocol;

/// <summary>
/// Walks one complete RESP value (as found by <see cref="RespScanner"/>) and reads its parts.
/// It copies nothing: spans point into the connection's read buffer and are valid only while
/// the reply is being parsed. RESP3 attributes are skipped wherever they occur.
/// </summary>
internal ref struct RespReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public RespReader(ReadOnlySpan<byte> frame)
    {
        _buffer = frame;
        _position = 0;
    }

    /// <summary>The whole frame being read.</summary>
    public readonly ReadOnlySpan<byte> Frame => _buffer;

    /// <summary>The offset in <see cref="Frame"/> of the next byte to read.</summary>
    public readonly int Position => _position;

    /// <summary>Whether every byte of the frame has been read.</summary>
    public readonly bool IsAtEnd => _position >= _buffer.Length;

    /// <summary>The type of the next value (after any attribute).</summary>
    public RespPrefix Peek()
    {
        SkipAttributes();
        return (RespPrefix)_buffer[_position];
    }

    /// <summary>Whether the next value is a null: RESP3 <c>_</c>, or RESP2 <c>$-1</c> / <c>*-1</c>.</summary>
    public bool IsNull()
    {
        var prefix = Peek();
        return prefix == RespPrefix.Null
            || ((prefix is RespPrefix.BulkString or RespPrefix.Array) && _buffer.Length > _position + 2
                && _buffer[_position + 1] == (byte)'-' && _buffer[_position + 2] == (byte)'1');
    }

    /// <summary>Reads past the next value and returns true when it is a null; otherwise reads nothing and returns false.</summary>
    public bool TryReadNull()
    {
        if (!IsNull())
        {
            return false;
        }

        Skip();
        return true;
    }

    /// <summary>Whether the next value is an error reply.</summary>
    public bool IsError()
    {
        var prefix = Peek();
        return prefix is RespPrefix.SimpleError or RespPrefix.BulkError;
    }

    /// <summary>Reads an error reply's text.</summary>
    public string ReadErrorMessage()
    {
        var text = ReadBlob(out _);
        return Encoding.UTF8.GetString(text);
    }

    /// <summary>
    /// Reads an aggregate header and returns how many values follow: a map of n pairs counts 2n
    /// (key, value, key, value...), which is also how RESP2 sends the same reply as a flat array.
    /// A null aggregate returns -1.
    /// </summary>
    public int ReadAggregateLength()
    {
        var prefix = Peek();
        var line = ReadLine();
        return prefix switch
        {
            RespPrefix.Array or RespPrefix.Set or RespPrefix.Push => checked((int)RespScanner.ParseLength(line, prefix)),
            RespPrefix.Map => checked(2 * (int)RespScanner.ParseLength(line, prefix)),
            RespPrefix.Null => -1,
            _ => throw Unexpected(prefix, "an array, set, map or push"),
        };
    }

    /// <summary>
    /// Reads a string-like value (simple, bulk, verbatim without its <c>txt:</c> format, big number,
    /// double, integer, error text) and returns its bytes. <paramref name="isNull"/> tells a null apart from empty.
    /// </summary>
    public ReadOnlySpan<byte> ReadBlob(out bool isNull)
    {
        var prefix = Peek();
        isNull = false;
        switch (prefix)
        {
            case RespPrefix.BulkString:
            case RespPrefix.BulkError:
            case RespPrefix.VerbatimString:
                var size = RespScanner.ParseLength(ReadLine(), prefix);
                if (size < 0)
                {
                    isNull = true;
                    return default;
                }

                var content = _buffer.Slice(_position, (int)size);
                _position += (int)size + 2;
                // Verbatim strings start with a three-letter format and a colon ("txt:"), which is not data.
                return prefix == RespPrefix.VerbatimString && content.Length >= 4 && content[3] == (byte)':' ? content[4..] : content;
            case RespPrefix.SimpleString:
            case RespPrefix.SimpleError:
            case RespPrefix.Integer:
            case RespPrefix.Double:
            case RespPrefix.BigNumber:
            case RespPrefix.Boolean:
                return ReadLine();
            case RespPrefix.Null:
                ReadLine();
                isNull = true;
                return default;
            default:
                throw Unexpected(prefix, "a string");
        }
    }

    /// <summary>Reads a string-like value as UTF-8 text, or null.</summary>
    public string? ReadString()
    {
        var bytes = ReadBlob(out var isNull);
        return isNull ? null : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Reads an integer, also from a bulk string that holds one (RESP2 sends some numbers that way).</summary>
    public long ReadInt64()
    {
        var prefix = Peek();
        var bytes = ReadBlob(out var isNull);
        if (isNull)
        {
            throw new RedisProtocolException("Expected an integer but got a null.");
        }

        if (Utf8Parser.TryParse(bytes, out long value, out var consumed) && consumed == bytes.Length)
        {
            return value;
        }

        throw new RedisProtocolException($"Expected an integer but got {(char)prefix} '{Encoding.UTF8.GetString(bytes)}'.");
    }

    /// <summary>Reads a double: RESP3 <c>,</c> or a bulk / simple string (RESP2), including inf, -inf and nan.</summary>
    public double ReadDouble()
    {
        var bytes = ReadBlob(out var isNull);
        if (isNull)
        {
            throw new RedisProtocolException("Expected a double but got a null.");
        }

        return ParseDouble(bytes);
    }

    /// <summary>Reads a boolean: RESP3 <c>#t</c> / <c>#f</c>, or the integers 1 / 0 RESP2 uses.</summary>
    public bool ReadBoolean()
    {
        var prefix = Peek();
        var bytes = ReadBlob(out _);
        if (prefix == RespPrefix.Boolean)
        {
            return bytes.Length == 1 && bytes[0] == (byte)'t';
        }

        return bytes.Length == 1 ? bytes[0] != (byte)'0' : throw Unexpected(prefix, "a boolean");
    }

    /// <summary>Skips the next value with everything nested in it.</summary>
    public void Skip()
    {
        if (!RespScanner.TryScan(_buffer[_position..], out var length))
        {
            throw new RedisProtocolException("Reply ended inside a value.");
        }

        _position += length;
    }

    internal static double ParseDouble(ReadOnlySpan<byte> bytes)
    {
        if (Utf8Parser.TryParse(bytes, out double value, out var consumed) && consumed == bytes.Length)
        {
            return value;
        }

        var text = Encoding.ASCII.GetString(bytes);
        return text.ToUpperInvariant() switch
        {
            "INF" or "+INF" => double.PositiveInfinity,
            "-INF" => double.NegativeInfinity,
            "NAN" or "-NAN" => double.NaN,
            _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
                ? value
                : throw new RedisProtocolException($"Expected a double but got '{text}'."),
        };
    }

    private void SkipAttributes()
    {
        if (_position >= _buffer.Length)
        {
            throw new RedisProtocolException("Reply ended before the value the command expects.");
        }

        while (_buffer[_position] == (byte)RespPrefix.Attribute)
        {
            var count = RespScanner.ParseLength(ReadLine(), RespPrefix.Attribute);
            for (var i = 0; i < 2 * count; i++)
            {
                Skip();
            }
        }
    }

    private ReadOnlySpan<byte> ReadLine()
    {
        if (!RespScanner.TryReadLine(_buffer, _position, out var line, out var next))
        {
            throw new RedisProtocolException("Reply ended inside a line.");
        }

        _position = next;
        return line;
    }

    private static RedisProtocolException Unexpected(RespPrefix prefix, string expected) =>
        new($"Expected {expected} but the reply is RESP type '{(char)prefix}'.");
}
