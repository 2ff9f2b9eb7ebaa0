using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Fleet.Redis;

namespace Fleet.Events;

/// <summary>
/// Writes an <see cref="EventEnvelope"/> as the fields of one stream entry and reads it back. Reading accepts
/// the fields in any order (producers in other languages may not keep Fleet's order) and names the first
/// field that is missing or wrong.
/// </summary>
public static partial class EnvelopeCodec
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    // A thread keeps its metadata buffer while it stays this small; a rare huge metadata object is not held on to.
    private const int KeptMetadataBuffer = 16 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_metadataBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_metadataWriter;

    /// <summary>The envelope's fields in wire order; empty optional fields are written as empty strings.</summary>
    public static StreamField[] Encode(EventEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return
        [
            new(EnvelopeFields.Id, envelope.Id.ToString()),
            new(EnvelopeFields.Type, envelope.Type),
            new(EnvelopeFields.Version, envelope.Version),
            new(EnvelopeFields.Timestamp, FormatTimestamp(envelope.Timestamp)),
            new(EnvelopeFields.CorrelationId, envelope.CorrelationId?.ToString() ?? string.Empty),
            new(EnvelopeFields.CausationId, envelope.CausationId?.ToString() ?? string.Empty),
            new(EnvelopeFields.UserId, envelope.UserId ?? string.Empty),
            new(EnvelopeFields.Data, envelope.Data),
            new(EnvelopeFields.Metadata, EncodeMetadata(envelope.Metadata)),
            new(EnvelopeFields.TraceParent, envelope.TraceParent ?? string.Empty),
            new(EnvelopeFields.TraceState, envelope.TraceState ?? string.Empty),
        ];
    }

    /// <summary>
    /// Reads an envelope from an entry's fields. Throws <see cref="MalformedEventException"/> naming the field when a
    /// required field is missing, a field cannot be parsed, or an envelope field appears more than once (which value a
    /// reader would take is not the producer's to leave open: a bad <c>id</c> then a good one, two <c>data</c> fields).
    /// Fields outside the envelope are ignored here and kept in the entry (and in a dead letter), byte for byte.
    /// </summary>
    public static EventEnvelope Decode(IReadOnlyList<StreamField> fields) => DecodeFields(fields, checkData: true);

    /// <summary>
    /// As <see cref="Decode(IReadOnlyList{StreamField})"/>, but <c>data</c> is only required, not read: a consumer
    /// deserializes the data of a handled type anyway, and a second pass over it for every entry cost more than the rest of
    /// the decode. The caller checks it with <see cref="CheckData"/> wherever the deserializer does not read it, or failed.
    /// An entry weighing more than <paramref name="maxBytes"/> (field names and values) is refused before any value is
    /// parsed: no publisher of the application may write it.
    /// </summary>
    internal static EventEnvelope DecodeDeferringData(IReadOnlyList<StreamField> fields, long maxBytes) => DecodeFields(fields, checkData: false, maxBytes);

    private static EventEnvelope DecodeFields(IReadOnlyList<StreamField> fields, bool checkData, long maxBytes = long.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(fields);

        // An upper bound of the entry's size, summed in the loop that visits every field anyway: a UTF-16 character is at
        // most 3 UTF-8 bytes, and values read from Redis know their length. Only an entry over that bound is counted
        // exactly (ExactSize). Decode has no limit, so it sums nothing.
        var weigh = maxBytes != long.MaxValue;
        var bound = 0L;
        RedisValue id = default, type = default, version = default, timestamp = default, correlation = default,
            causation = default, user = default, data = default, metadata = default, traceParent = default, traceState = default;
        var seen = 0;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (field.HasBinaryName)
            {
                bound += weigh ? field.NameBytes.GetByteCount() + field.Value.GetByteCount() : 0;
                continue; // Not valid UTF-8, so no envelope name: a foreign extension, kept in the entry.
            }

            bound += weigh ? (3L * field.Name.Length) + field.Value.GetByteCount() : 0;
            var index = IndexOf(field.Name);
            if (index < 0)
            {
                continue;
            }

            if ((seen & (1 << index)) != 0)
            {
                throw new MalformedEventException($"Field '{EnvelopeFields.All[index]}' appears more than once.");
            }

            seen |= 1 << index;
            var value = field.Value;
            switch (index)
            {
                case 0: id = value; break;
                case 1: type = value; break;
                case 2: version = value; break;
                case 3: timestamp = value; break;
                case 4: correlation = value; break;
                case 5: causation = value; break;
                case 6: user = value; break;
                case 7: data = value; break;
                case 8: metadata = value; break;
                case 9: traceParent = value; break;
                default: traceState = value; break;
            }
        }

        if (bound > maxBytes && ExactSize(fields) is var size && size > maxBytes)
        {
            throw new MalformedEventException($"The entry is {size} bytes (its field names and values), more than MaxEventBytes of {maxBytes}; it was not read.");
        }

        return new EventEnvelope
        {
            Id = ParseUlid(Required(id, EnvelopeFields.Id), EnvelopeFields.Id),
            Type = ParseType(Required(type, EnvelopeFields.Type)),
            Version = ParseVersion(Required(version, EnvelopeFields.Version)),
            Timestamp = ParseTimestamp(Required(timestamp, EnvelopeFields.Timestamp)),
            CorrelationId = OptionalUlid(correlation, EnvelopeFields.CorrelationId),
            CausationId = OptionalUlid(causation, EnvelopeFields.CausationId),
            UserId = OptionalText(user),
            Data = checkData ? ParseData(Required(data, EnvelopeFields.Data)) : Required(data, EnvelopeFields.Data).AsMemory(),
            Metadata = DecodeMetadata(metadata),
            TraceParent = OptionalText(traceParent),
            TraceState = OptionalText(traceState),
        };
    }

    /// <summary>
    /// Reads only an entry's routing key, its <c>type</c> and <c>correlation_id</c>, without decoding the envelope: the
    /// request/response reader looks at every entry of its stream, and most answer no wait of this process. False for
    /// an entry without a type or a ULID correlation id (it can never answer a wait). Type names come from the same
    /// interning cache as field names, so a remembered key holds no string of its own.
    /// </summary>
    internal static bool TryPeekRouting(IReadOnlyList<StreamField> fields, out string type, out Ulid correlationId)
    {
        type = string.Empty;
        correlationId = default;
        RedisValue typeValue = default, correlationValue = default;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (field.Name == EnvelopeFields.Type)
            {
                typeValue = field.Value;
            }
            else if (field.Name == EnvelopeFields.CorrelationId)
            {
                correlationValue = field.Value;
            }
        }

        if (typeValue.IsNullOrEmpty || correlationValue.IsNullOrEmpty || !Ulid.TryParseExact(correlationValue.AsMemory().Span, out correlationId))
        {
            return false;
        }

        type = NameCache.Get(typeValue.AsMemory().Span);
        return true;
    }

    /// <summary>Whether <paramref name="type"/> is a dotted lower-case name such as <c>file.uploaded</c>.</summary>
    public static bool IsValidTypeName(string? type)
    {
        if (string.IsNullOrEmpty(type) || type.Length > 200 || type[0] is < 'a' or > 'z' || type[^1] == '.')
        {
            return false;
        }

        for (var i = 0; i < type.Length; i++)
        {
            var c = type[i];
            var ok = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' || (c == '.' && type[i - 1] != '.');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 3339 UTC with milliseconds, e.g. <c>2026-11-22T10:30:45.123Z</c>.</summary>
    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    private static RedisValue EncodeMetadata(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null || metadata.Count == 0)
        {
            return string.Empty;
        }

        // One buffer and writer per thread, reset for each envelope: a publish then allocates only the JSON it keeps.
        var buffer = t_metadataBuffer ??= new ArrayBufferWriter<byte>(256);
        var writer = t_metadataWriter ??= new Utf8JsonWriter(buffer);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        writer.WriteStartObject();
        foreach (var (key, value) in metadata)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
        writer.Flush();
        var json = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > KeptMetadataBuffer)
        {
            t_metadataBuffer = null;
            t_metadataWriter = null;
        }

        return json;
    }
}
