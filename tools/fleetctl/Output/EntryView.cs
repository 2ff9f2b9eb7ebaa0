using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.Ctl.Output;

/// <summary>
/// A stream entry as fleetctl shows it: the envelope when it reads (EnvelopeCodec, the consumers' own reader), else the
/// raw fields with the reason. Anyone may XADD anything, so nothing here throws on what an entry holds.
/// </summary>
internal sealed class EntryView
{
    private const int PreviewLength = 100;

    private EntryView(string stream, StreamEntry entry, EventEnvelope? envelope, string? malformed)
    {
        Stream = stream;
        Entry = entry;
        Envelope = envelope;
        Malformed = malformed;
    }

    public string Stream { get; }

    public StreamEntry Entry { get; }

    /// <summary>The event, or null when the entry is not a valid envelope.</summary>
    public EventEnvelope? Envelope { get; }

    /// <summary>Why the entry is not an envelope, or null.</summary>
    public string? Malformed { get; }

    public static EntryView Read(string stream, StreamEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            return new(stream, entry, EnvelopeCodec.Decode(entry.Fields), null);
        }
        catch (MalformedEventException e)
        {
            return new(stream, entry, null, e.Message);
        }
    }

    /// <summary>One readable line: entry id, time, type, event id, correlation id and the start of the data.</summary>
    public string ReadableLine() => ReadableLine(ToJson());

    /// <summary>
    /// The readable line of an entry in the JSON shape of <see cref="ToJson"/>, which is also the gateway's (its archived
    /// events and its live tail's entries), so both modes print the same line for the same entry.
    /// </summary>
    public static string ReadableLine(JsonObject entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var entryId = Text(entry["entryId"]) ?? "?";
        if (entry["malformed"] is { } malformed)
        {
            var raw = entry["fields"] is JsonObject fields
                ? string.Join(' ', fields.Select(f => $"{f.Key}={Shorten(Text(f.Value) ?? string.Empty, 40)}"))
                : string.Empty;
            return $"{entryId}  (malformed: {Text(malformed)})  {raw}";
        }

        var data = entry["data"] switch
        {
            null => string.Empty,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            var node => JsonText.Of(node),
        };
        return $"{entryId}  {Text(entry["timestamp"])}  {Text(entry["type"])}  id={Text(entry["id"])}  corr={Text(entry["correlationId"]) ?? "-"}  {Shorten(data, PreviewLength)}";
    }

    /// <summary>The entry as one JSON object, shaped like the gateway's archived events (camelCase).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["stream"] = Stream, ["entryId"] = Entry.Id.ToString() };
        if (Envelope is not { } e)
        {
            json["malformed"] = Malformed;
            json["fields"] = RawFields(Entry.Fields);
            return json;
        }

        json["id"] = e.Id.ToString();
        json["type"] = e.Type;
        json["version"] = e.Version;
        json["timestamp"] = EnvelopeCodec.FormatTimestamp(e.Timestamp);
        json["correlationId"] = e.CorrelationId?.ToString();
        json["causationId"] = e.CausationId?.ToString();
        json["userId"] = e.UserId;
        json["data"] = ParseObject(e.Data.Span);
        json["metadata"] = e.Metadata is { } metadata ? new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))) : null;
        json["traceParent"] = e.TraceParent;
        return json;
    }

    /// <summary>Every field of <paramref name="fields"/> as text, in order (a repeated name keeps its last value).</summary>
    public static JsonObject RawFields(IReadOnlyList<StreamField> fields)
    {
        var json = new JsonObject();
        foreach (var field in fields)
        {
            json[field.Name] = field.Value.ToString();
        }

        return json;
    }

    /// <summary><paramref name="text"/> on one line, cut to <paramref name="length"/> characters with an ellipsis.</summary>
    public static string Shorten(string text, int length)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= length ? line : string.Concat(line.AsSpan(0, length - 1), "…");
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString();

    private static JsonNode? ParseObject(ReadOnlySpan<byte> data)
    {
        try
        {
            return JsonNode.Parse(data);
        }
        catch (JsonException)
        {
            // Decode checked the data already; a consumer with laxer options could still disagree. Show it as text.
            return JsonValue.Create(Encoding.UTF8.GetString(data));
        }
    }
}
