using System.Text.Json;
using System.Text.Unicode;
using Fleet.Redis;

namespace Fleet.Events;

/// <content>
/// The field parsers of <see cref="EnvelopeCodec.Decode"/>. Values are parsed from their UTF-8 bytes: a consumer decodes
/// every entry it reads, so the common path allocates nothing beyond the envelope and the strings it must hold. Each
/// refuses what DESIGN.md section 3 does not allow, with a message naming the field (the dead letter's reason).
/// </content>
public static partial class EnvelopeCodec
{
    // System.Text.Json's default depth, which the typed deserializer uses too: data it could not read is refused here.
    private const int MaxJsonDepth = 64;

    // Longest text quoted in a reason: a reason is a sentence, not a copy of a payload that landed in the wrong field.
    private const int MaxQuoted = 64;

    /// <summary>The index of an envelope field in <see cref="EnvelopeFields.All"/>, or -1 for any other name.</summary>
    private static int IndexOf(string name) => name switch
    {
        EnvelopeFields.Id => 0,
        EnvelopeFields.Type => 1,
        EnvelopeFields.Version => 2,
        EnvelopeFields.Timestamp => 3,
        EnvelopeFields.CorrelationId => 4,
        EnvelopeFields.CausationId => 5,
        EnvelopeFields.UserId => 6,
        EnvelopeFields.Data => 7,
        EnvelopeFields.Metadata => 8,
        EnvelopeFields.TraceParent => 9,
        EnvelopeFields.TraceState => 10,
        _ => -1,
    };

    private static RedisValue Required(RedisValue value, string name) =>
        value.IsNullOrEmpty ? throw new MalformedEventException($"The entry has no '{name}' field.") : value;

    // Crockford base32 in either case (the ULID spec's decoding); the envelope keeps the canonical upper-case form, which is
    // the idempotency key, so "01abc…" and "01ABC…" are one event.
    private static Ulid ParseUlid(RedisValue value, string name) =>
        Ulid.TryParseExact(value.AsMemory().Span, out var ulid)
            ? ulid
            : throw new MalformedEventException($"Field '{name}' is not a ULID (26 Crockford base32 characters, the first 0-7): '{Quote(value)}'.");

    private static Ulid? OptionalUlid(RedisValue value, string name) => value.IsNullOrEmpty ? null : ParseUlid(value, name);

    private static string? OptionalText(RedisValue value) => value.IsNullOrEmpty ? null : value.ToString();

    private static string ParseType(RedisValue value)
    {
        // Type names repeat on every entry: the interning cache returns the same string without allocating.
        var text = NameCache.Get(value.AsMemory().Span);
        return IsValidTypeName(text)
            ? text
            : throw new MalformedEventException($"Field 'type' is not a dotted lower-case name: '{Quote(text)}'.");
    }

    // An integer of 1 or more in its plain form: digits only, no sign, no leading zero, no spaces, no fraction, within int.
    private static int ParseVersion(RedisValue value)
    {
        var utf8 = value.AsMemory().Span;
        var version = 0L;
        var ok = utf8.Length is > 0 and <= 10 && utf8[0] is >= (byte)'1' and <= (byte)'9';
        for (var i = 0; ok && i < utf8.Length; i++)
        {
            ok = utf8[i] is >= (byte)'0' and <= (byte)'9';
            version = (version * 10) + (utf8[i] - '0');
        }

        return ok && version <= int.MaxValue
            ? (int)version
            : throw new MalformedEventException($"Field 'version' is not an integer of 1 or more: '{Quote(value)}'.");
    }

    private static DateTimeOffset ParseTimestamp(RedisValue value) =>
        Rfc3339.TryParse(value.AsMemory().Span, out var timestamp)
            ? timestamp
            : throw new MalformedEventException($"Field 'timestamp' is not an RFC 3339 date-time (e.g. 2026-11-22T10:30:45.123Z): '{Quote(value)}'.");

    // The whole payload is read once as JSON (syntax, UTF-8, depth), so data no handler could read is refused as malformed
    // here, for every group alike, rather than reaching a deserializer; the typed read that follows checks the shape.
    private static ReadOnlyMemory<byte> ParseData(RedisValue value)
    {
        var data = value.AsMemory();
        CheckData(data.Span);
        return data;
    }

    /// <summary>
    /// Throws <see cref="MalformedEventException"/> naming <c>data</c> unless <paramref name="data"/> is one JSON object,
    /// valid UTF-8, nested at most 64 deep.
    /// </summary>
    internal static void CheckData(ReadOnlySpan<byte> data)
    {
        if (!CheckJsonObject(data, EnvelopeFields.Data))
        {
            throw new MalformedEventException("Field 'data' is not a JSON object.");
        }
    }

    /// <summary>
    /// True when <paramref name="utf8"/> is one JSON object and nothing else; false for any other JSON value; throws
    /// naming <paramref name="name"/> when it is not JSON at all.
    /// </summary>
    private static bool CheckJsonObject(ReadOnlySpan<byte> utf8, string name)
    {
        // JSON is UTF-8 (RFC 8259); the reader checks the syntax but not the bytes inside strings it is not asked to decode.
        if (!Utf8.IsValid(utf8))
        {
            throw new MalformedEventException($"Field '{name}' is not valid JSON: it is not UTF-8.");
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxJsonDepth });
        try
        {
            if (!reader.Read())
            {
                return false;
            }

            var isObject = reader.TokenType == JsonTokenType.StartObject;
            reader.Skip();

            // One value only: text after it (a second object, garbage) is not JSON.
            return !reader.Read() && isObject;
        }
        catch (JsonException e)
        {
            throw new MalformedEventException($"Field '{name}' is not valid JSON: {e.Message}", e);
        }
    }

    private static Dictionary<string, string>? DecodeMetadata(RedisValue value)
    {
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        // Parsed once: the document both checks the JSON and gives the properties.
        using var document = ParseJson(value.AsMemory(), EnvelopeFields.Metadata);
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

    /// <summary>Parses <paramref name="utf8"/> as one JSON value, throwing naming <paramref name="name"/> when it is not JSON.</summary>
    private static JsonDocument ParseJson(ReadOnlyMemory<byte> utf8, string name)
    {
        // JSON is UTF-8 (RFC 8259); the parser does not check the bytes inside strings it is not asked to decode.
        if (!Utf8.IsValid(utf8.Span))
        {
            throw new MalformedEventException($"Field '{name}' is not valid JSON: it is not UTF-8.");
        }

        try
        {
            return JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = MaxJsonDepth });
        }
        catch (JsonException e)
        {
            throw new MalformedEventException($"Field '{name}' is not valid JSON: {e.Message}", e);
        }
    }

    private static string Quote(RedisValue value) => value.GetByteCount() <= 4 * MaxQuoted ? Quote(value.ToString()) : Quote(Prefix(value));

    private static string Quote(string text) => text.Length <= MaxQuoted ? text : string.Concat(text.AsSpan(0, MaxQuoted), "…");

    // A huge value is not decoded whole just to quote its start.
    private static string Prefix(RedisValue value) => System.Text.Encoding.UTF8.GetString(value.AsMemory().Span[..(4 * MaxQuoted)]);
}
