using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using Fleet.Redis;

namespace Fleet.Events;

/// <summary>
/// Writes an <see cref="EventEnvelope"/> as the fields of one stream entry and reads it back. Reading accepts
/// the fields in any order (producers in other languages may not keep Fleet's order) and names the first
/// field that is missing or wrong.
/// </summary>
public static class EnvelopeCodec
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

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
    /// Reads an envelope from an entry's fields. Throws <see cref="MalformedEventException"/> naming the field
    /// when a required field is missing or a field cannot be parsed.
    /// </summary>
    public static EventEnvelope Decode(IReadOnlyList<StreamField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        RedisValue id = default, type = default, version = default, timestamp = default, correlation = default,
            causation = default, user = default, data = default, metadata = default, traceParent = default, traceState = default;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            switch (field.Name)
            {
                case EnvelopeFields.Id: id = field.Value; break;
                case EnvelopeFields.Type: type = field.Value; break;
                case EnvelopeFields.Version: version = field.Value; break;
                case EnvelopeFields.Timestamp: timestamp = field.Value; break;
                case EnvelopeFields.CorrelationId: correlation = field.Value; break;
                case EnvelopeFields.CausationId: causation = field.Value; break;
                case EnvelopeFields.UserId: user = field.Value; break;
                case EnvelopeFields.Data: data = field.Value; break;
                case EnvelopeFields.Metadata: metadata = field.Value; break;
                case EnvelopeFields.TraceParent: traceParent = field.Value; break;
                case EnvelopeFields.TraceState: traceState = field.Value; break;
                default: break; // Unknown fields are a producer's extension; they are kept in the stream, not here.
            }
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
            Data = ParseData(data),
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

        if (typeValue.IsNullOrEmpty || correlationValue.IsNullOrEmpty || !Ulid.TryParse(correlationValue.AsMemory().Span, out correlationId))
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

    private static RedisValue Required(RedisValue value, string name) =>
        value.IsNullOrEmpty ? throw new MalformedEventException($"The entry has no '{name}' field.") : value;

    // Values are parsed from their UTF-8 bytes: a consumer decodes every entry it reads, so the common path
    // allocates nothing beyond the envelope and the strings it must hold.
    private static Ulid ParseUlid(RedisValue value, string name) =>
        Ulid.TryParse(value.AsMemory().Span, out var ulid)
            ? ulid
            : throw new MalformedEventException($"Field '{name}' is not a ULID: '{Truncate(value.ToString())}'.");

    private static Ulid? OptionalUlid(RedisValue value, string name) => value.IsNullOrEmpty ? null : ParseUlid(value, name);

    private static string? OptionalText(RedisValue value) => value.IsNullOrEmpty ? null : value.ToString();

    private static string ParseType(RedisValue value)
    {
        // Type names repeat on every entry: the interning cache returns the same string without allocating.
        var text = NameCache.Get(value.AsMemory().Span);
        return IsValidTypeName(text)
            ? text
            : throw new MalformedEventException($"Field 'type' is not a dotted lower-case name: '{Truncate(text)}'.");
    }

    private static int ParseVersion(RedisValue value) =>
        Utf8Parser.TryParse(value.AsMemory().Span, out int version, out var consumed) && consumed == value.GetByteCount() && version >= 1
            ? version
            : throw new MalformedEventException($"Field 'version' is not an integer of 1 or more: '{Truncate(value.ToString())}'.");

    private static DateTimeOffset ParseTimestamp(RedisValue value)
    {
        if (TryParseCanonicalTimestamp(value.AsMemory().Span, out var timestamp))
        {
            return timestamp;
        }

        // Other producers may write any RFC 3339 form (no fraction, an offset); the general parser reads those.
        var text = value.ToString();
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out timestamp)
            ? timestamp
            : throw new MalformedEventException($"Field 'timestamp' is not an RFC 3339 time: '{Truncate(text)}'.");
    }

    // The form Fleet writes: yyyy-MM-ddTHH:mm:ss.fffZ (24 bytes).
    private static bool TryParseCanonicalTimestamp(ReadOnlySpan<byte> utf8, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (utf8.Length != 24 || utf8[4] != '-' || utf8[7] != '-' || utf8[10] != 'T' || utf8[13] != ':' || utf8[16] != ':' || utf8[19] != '.' || utf8[23] != 'Z')
        {
            return false;
        }

        if (!Digits(utf8[..4], out var year) || !Digits(utf8[5..7], out var month) || !Digits(utf8[8..10], out var day)
            || !Digits(utf8[11..13], out var hour) || !Digits(utf8[14..16], out var minute) || !Digits(utf8[17..19], out var second)
            || !Digits(utf8[20..23], out var millisecond)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        timestamp = new DateTimeOffset(year, month, day, hour, minute, second, millisecond, TimeSpan.Zero);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> utf8, out int value)
    {
        value = 0;
        foreach (var b in utf8)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }

    private static ReadOnlyMemory<byte> ParseData(RedisValue value)
    {
        if (value.IsNullOrEmpty)
        {
            throw new MalformedEventException("The entry has no 'data' field.");
        }

        var data = value.AsMemory();
        var span = data.Span.TrimStart(" \t\r\n"u8);
        return span.Length > 0 && span[0] == (byte)'{'
            ? data
            : throw new MalformedEventException("Field 'data' is not a JSON object.");
    }

    private static RedisValue EncodeMetadata(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null || metadata.Count == 0)
        {
            return string.Empty;
        }

        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in metadata)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private static Dictionary<string, string>? DecodeMetadata(RedisValue value)
    {
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(value.AsMemory());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new MalformedEventException("Field 'metadata' is not a JSON object.");
            }

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                // Producers in other languages may write numbers or nested values; keep their JSON text.
                metadata[property.Name] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()!
                    : property.Value.GetRawText();
            }

            return metadata;
        }
        catch (JsonException e)
        {
            throw new MalformedEventException($"Field 'metadata' is not valid JSON: {e.Message}", e);
        }
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");
}
