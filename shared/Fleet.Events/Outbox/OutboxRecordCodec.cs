using System.Text;
using Fleet.Redis;

namespace Fleet.Events.Outbox;

/// <summary>
/// The outbox's payload format for one <see cref="OutboxRecord"/>: a version byte, then the stream key, the field
/// count and each field's name and value, every string or value preceded by its length as a 7-bit varint
/// (the encoding of <see cref="BinaryWriter.Write7BitEncodedInt(int)"/>). Names are UTF-8, values their raw bytes,
/// so any binary value survives. A null value is stored as empty, as Redis itself would store it.
/// </summary>
internal static class OutboxRecordCodec
{
    private const byte Version = 1;

    // Decoding must reject rather than replace invalid UTF-8: a silently altered stream key or field name would
    // publish to the wrong place.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Encodes <paramref name="record"/> into a new array.</summary>
    public static byte[] Encode(OutboxRecord record)
    {
        ArgumentException.ThrowIfNullOrEmpty(record.StreamKey, nameof(record));
        ArgumentNullException.ThrowIfNull(record.Fields, nameof(record));

        var size = 1 + SizeOfString(record.StreamKey) + SizeOfLength(record.Fields.Count);
        foreach (var field in record.Fields)
        {
            ArgumentNullException.ThrowIfNull(field.Name, nameof(record));
            var valueLength = field.Value.GetByteCount();
            size = checked(size + SizeOfString(field.Name) + SizeOfLength(valueLength) + valueLength);
        }

        var buffer = new byte[size];
        var span = buffer.AsSpan();
        span[0] = Version;
        var at = 1;
        at += WriteString(span[at..], record.StreamKey);
        at += WriteLength(span[at..], record.Fields.Count);
        foreach (var field in record.Fields)
        {
            at += WriteString(span[at..], field.Name);
            at += WriteLength(span[at..], field.Value.GetByteCount());
            at += field.Value.CopyTo(span[at..]);
        }

        return buffer;
    }

    /// <summary>Decodes a payload made by <see cref="Encode"/>; throws <see cref="InvalidDataException"/> for anything else.</summary>
    public static OutboxRecord Decode(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty || payload[0] != Version)
        {
            throw new InvalidDataException(payload.IsEmpty
                ? "Outbox record is empty."
                : $"Outbox record has unknown format version {payload[0]}.");
        }

        var at = 1;
        var streamKey = ReadString(payload, ref at);
        var count = ReadLength(payload, ref at);

        // Each field takes at least two bytes (two zero lengths), which bounds the count before allocating for it.
        if (count > (payload.Length - at) / 2)
        {
            throw new InvalidDataException($"Outbox record claims {count} fields but has only {payload.Length - at} bytes left.");
        }

        var fields = new StreamField[count];
        for (var i = 0; i < count; i++)
        {
            var name = ReadString(payload, ref at);
            var value = ReadBytes(payload, ref at).ToArray();
            fields[i] = new StreamField(name, value);
        }

        if (at != payload.Length)
        {
            throw new InvalidDataException($"Outbox record has {payload.Length - at} unexpected trailing bytes.");
        }

        return new OutboxRecord(streamKey, fields);
    }

    private static int SizeOfString(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        return SizeOfLength(length) + length;
    }

    private static int SizeOfLength(int length)
    {
        var size = 1;
        for (var rest = (uint)length >> 7; rest != 0; rest >>= 7)
        {
            size++;
        }

        return size;
    }

    private static int WriteString(Span<byte> destination, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var at = WriteLength(destination, length);
        return at + Encoding.UTF8.GetBytes(text, destination[at..]);
    }

    private static int WriteLength(Span<byte> destination, int length)
    {
        var rest = (uint)length;
        var at = 0;
        while (rest >= 0x80)
        {
            destination[at++] = (byte)(rest | 0x80);
            rest >>= 7;
        }

        destination[at++] = (byte)rest;
        return at;
    }

    private static string ReadString(ReadOnlySpan<byte> payload, ref int at)
    {
        var bytes = ReadBytes(payload, ref at);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidDataException($"Outbox record has invalid UTF-8 text before offset {at}.", ex);
        }
    }

    private static ReadOnlySpan<byte> ReadBytes(ReadOnlySpan<byte> payload, ref int at)
    {
        var length = ReadLength(payload, ref at);
        if (length > payload.Length - at)
        {
            throw new InvalidDataException($"Outbox record is truncated: {length} bytes expected at offset {at}, {payload.Length - at} left.");
        }

        var bytes = payload.Slice(at, length);
        at += length;
        return bytes;
    }

    private static int ReadLength(ReadOnlySpan<byte> payload, ref int at)
    {
        // At most five 7-bit groups make an int; more, or a value past int.MaxValue, is not something Encode wrote.
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (at >= payload.Length)
            {
                throw new InvalidDataException($"Outbox record is truncated in a length at offset {at}.");
            }

            var next = payload[at++];
            value |= (uint)(next & 0x7F) << shift;
            if ((next & 0x80) == 0)
            {
                if (value > int.MaxValue || (shift == 28 && next > 0x07))
                {
                    break;
                }

                return (int)value;
            }
        }

        throw new InvalidDataException($"Outbox record has an invalid length before offset {at}.");
    }
}
