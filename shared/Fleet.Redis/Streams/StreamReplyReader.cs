using System.Text;
using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>
/// Reads the parts stream replies share (ids, entries, per-stream results) from either protocol. What it
/// returns owns its bytes: the values of one entry are copied into one array the entry's fields share.
/// </summary>
internal static class StreamReplyReader
{
    private static readonly StreamEntry[] NoEntries = [];
    private static readonly StreamReadResult[] NoStreams = [];

    public static RedisStreamId ReadId(ref RespReader reader)
    {
        var bytes = reader.ReadBlob(out var isNull);
        if (isNull)
        {
            throw new RedisProtocolException("Expected a stream id but got a null.");
        }

        return RedisStreamId.TryParse(bytes, out var id)
            ? id
            : throw new RedisProtocolException($"Expected a stream id but got '{Encoding.UTF8.GetString(bytes)}'.");
    }

    public static RedisStreamId? ReadNullableId(ref RespReader reader)
    {
        if (reader.TryReadNull())
        {
            return null;
        }

        return ReadId(ref reader);
    }

    public static string ReadName(ref RespReader reader)
    {
        var bytes = reader.ReadBlob(out var isNull);
        return isNull ? throw new RedisProtocolException("Expected a name but got a null.") : NameCache.Get(bytes);
    }

    /// <summary>Reads an aggregate that must have <paramref name="expected"/> elements.</summary>
    public static void ReadTuple(ref RespReader reader, int expected, string what)
    {
        var count = reader.ReadAggregateLength();
        if (count != expected)
        {
            throw new RedisProtocolException($"Expected {what} of {expected} elements but got {count}.");
        }
    }

    /// <summary>An array of entries (XRANGE, XCLAIM, a stream of XREAD); a null array reads as empty, null entries are left out.</summary>
    public static IReadOnlyList<StreamEntry> ReadEntries(ref RespReader reader)
    {
        var count = reader.ReadAggregateLength();
        if (count <= 0)
        {
            return NoEntries;
        }

        var entries = new StreamEntry[count];
        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            if (ReadEntry(ref reader) is { } entry)
            {
                entries[kept++] = entry;
            }
        }

        if (kept < count)
        {
            Array.Resize(ref entries, kept);
        }

        return entries;
    }

    /// <summary>One entry, <c>[id, [field, value, ...]]</c>; null fields mean deleted, a null entry returns null.</summary>
    public static StreamEntry? ReadEntry(ref RespReader reader)
    {
        if (reader.TryReadNull())
        {
            return null;
        }

        ReadTuple(ref reader, 2, "a stream entry");
        var id = ReadId(ref reader);
        if (reader.TryReadNull())
        {
            return StreamEntry.Deleted(id);
        }

        return new StreamEntry(id, ReadFields(ref reader));
    }

    /// <summary>
    /// The streams of an XREAD / XREADGROUP reply: RESP3 sends a map {key => entries}, RESP2 an array of
    /// [key, entries] pairs; a timed-out BLOCK sends a null, read as no streams.
    /// </summary>
    public static IReadOnlyList<StreamReadResult> ReadStreams(ref RespReader reader)
    {
        if (reader.TryReadNull())
        {
            return NoStreams;
        }

        var isMap = reader.Peek() == RespPrefix.Map;
        var length = reader.ReadAggregateLength();
        var count = isMap ? length / 2 : length;
        if (count <= 0)
        {
            return NoStreams;
        }

        var results = new StreamReadResult[count];
        for (var i = 0; i < count; i++)
        {
            if (!isMap)
            {
                ReadTuple(ref reader, 2, "a stream of an XREAD reply");
            }

            var key = ReadName(ref reader);
            results[i] = new StreamReadResult(key, ReadEntries(ref reader));
        }

        return results;
    }

    /// <summary>
    /// The entries of the only stream an XREAD / XREADGROUP of one key asked for, in either shape, without the
    /// per-stream wrapper objects (the consumer's hot path).
    /// </summary>
    public static IReadOnlyList<StreamEntry> ReadSingleStream(ref RespReader reader)
    {
        if (reader.TryReadNull())
        {
            return NoEntries;
        }

        var isMap = reader.Peek() == RespPrefix.Map;
        var length = reader.ReadAggregateLength();
        var count = isMap ? length / 2 : length;
        var entries = (IReadOnlyList<StreamEntry>)NoEntries;
        for (var i = 0; i < count; i++)
        {
            if (!isMap)
            {
                ReadTuple(ref reader, 2, "a stream of an XREAD reply");
            }

            reader.Skip(); // the key: the caller named the one stream it asked for
            var streamEntries = ReadEntries(ref reader);
            if (i == 0)
            {
                entries = streamEntries;
            }
        }

        return entries;
    }

    private static StreamField[] ReadFields(ref RespReader reader)
    {
        var length = reader.ReadAggregateLength();
        if (length < 0 || length % 2 != 0)
        {
            throw new RedisProtocolException($"Expected an even number of field names and values but got {length}.");
        }

        if (length == 0)
        {
            return [];
        }

        // One pass: the names are read (interned when UTF-8, copied as bytes otherwise) and where each value lies is noted; then the bytes of all the fields (values
        // with the names and RESP headers between them, which are few) are copied at once into the array they share.
        var fields = new StreamField[length / 2];
        var rented = fields.Length > 64 ? System.Buffers.ArrayPool<int>.Shared.Rent(2 * fields.Length) : null;
        var spans = rented ?? stackalloc int[2 * fields.Length];
        try
        {
            var frame = reader.Frame;
            var start = reader.Position;
            for (var i = 0; i < fields.Length; i++)
            {
                var name = reader.ReadBlob(out var isNull);
                if (isNull)
                {
                    throw new RedisProtocolException("Expected a field name but got a null.");
                }

                // Names keep their exact bytes: a dead letter written from this entry must carry the same names.
                fields[i] = StreamField.FromWireName(name);
                var value = reader.ReadBlob(out isNull);
                spans[2 * i] = isNull ? -1 : value.IsEmpty ? 0 : OffsetIn(frame, value) - start;
                spans[(2 * i) + 1] = value.Length;
            }

            var storage = frame[start..reader.Position].ToArray();
            for (var i = 0; i < fields.Length; i++)
            {
                if (spans[2 * i] >= 0)
                {
                    fields[i] = fields[i] with { Value = new ReadOnlyMemory<byte>(storage, spans[2 * i], spans[(2 * i) + 1]) };
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<int>.Shared.Return(rented);
            }
        }

        return fields;
    }

    private static int OffsetIn(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> part) =>
        frame.Overlaps(part, out var offset) ? offset : throw new RedisProtocolException("A stream value lies outside its reply.");
}
