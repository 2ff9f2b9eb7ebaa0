using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fleet.Contracts;
using Fleet.Events;
using Microsoft.Extensions.Options;
using NUlid;

namespace Fleet.EventGateway.Api.Publishing;

/// <summary>
/// Reads one event of a publish request (<c>{ "type", "version"?, "data", "correlationId"?, "causationId"?, "userId"?,
/// "metadata"?, "stream"? }</c>) and checks every rule, collecting each broken one rather than stopping at the first:
/// a registered type, a version the gateway can read, data that its contract accepts (read into the record, upcast and
/// validated by <see cref="EventTypeRegistry.Deserialize(EventTypeDescriptor, int, ReadOnlyMemory{byte})"/>), ULIDs,
/// a user id that is a plain token (<see cref="Ids.UserIdPattern"/>), string metadata, a stream the type travels on
/// (<see cref="EventCatalogue"/>) and a size the publisher will take.
/// </summary>
internal sealed partial class EventRequestReader
{
    /// <summary>Metadata the gateway writes itself: the caller may not set it.</summary>
    public const string PublishedBy = "published_by";

    /// <summary>Metadata naming the API key (its name, never the key).</summary>
    public const string ApiKeyName = "api_key";

    /// <summary>The value of <see cref="PublishedBy"/>.</summary>
    public const string ServiceName = "event-gateway";

    // What the envelope adds around data and metadata: the field names, a ULID, type, version, a timestamp, two ids, the
    // gateway's metadata and W3C trace context with room to spare. Checked here so that a batch is refused whole
    // rather than failing at the publisher's size check half-way through.
    private const int EnvelopeOverheadBytes = 1024;

    private static readonly FrozenDictionary<string, IReadOnlyList<string>> StreamsByType =
        EventCatalogue.Entries.ToFrozenDictionary(entry => entry.Name, entry => entry.Streams, StringComparer.Ordinal);

    private readonly EventTypeRegistry _registry;
    private readonly int _maxEventBytes;

    // Key name → the gateway's metadata, built once per key: a publish without its own metadata allocates none.
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _metadataByKey = new(StringComparer.Ordinal);

    public EventRequestReader(EventTypeRegistry registry, IOptions<FleetEventsOptions> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        _registry = registry;
        _maxEventBytes = events.Value.MaxEventBytes;
    }

    /// <summary>The event, or null with every broken rule added to <paramref name="errors"/> under <paramref name="prefix"/>.</summary>
    public ValidatedEvent? Read(JsonElement element, string prefix, string keyName, ValidationErrors errors)
    {
        var before = errors.Count;
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Field(prefix, "event"), "An event must be a JSON object.");
            return null;
        }

        var parts = ReadProperties(element, prefix, errors);
        var descriptor = ReadType(parts[EventParts.Type], prefix, errors);
        var version = ReadVersion(parts[EventParts.Version], descriptor, prefix, errors);
        var correlationId = ReadUlid(parts[EventParts.CorrelationId], Field(prefix, "correlationId"), errors);
        var causationId = ReadUlid(parts[EventParts.CausationId], Field(prefix, "causationId"), errors);
        var userId = ReadUserId(parts[EventParts.UserId], prefix, errors);
        var metadata = ReadMetadata(parts[EventParts.Metadata], keyName, prefix, errors, out var metadataBytes);
        var stream = ReadStream(parts[EventParts.Stream], descriptor, prefix, errors);
        var data = ReadData(parts[EventParts.Data], descriptor, version, metadataBytes, prefix, errors);
        if (errors.Count != before || descriptor is null || data is null || stream is null)
        {
            return null;
        }

        // The record is at the registered version (an older one was upcast while it was read), and is serialized once,
        // here, by its contract: the publisher takes the JSON as it is (IJsonEventPublisher) instead of validating and
        // serializing the record a second time.
        return new ValidatedEvent(descriptor, descriptor.Version, JsonSerializer.SerializeToUtf8Bytes(data, descriptor.TypeInfo), stream, new PublishOptions
        {
            CorrelationId = correlationId,
            CausationId = causationId,
            UserId = userId,
            Metadata = metadata,
        });
    }

    private static EventParts ReadProperties(JsonElement element, string prefix, ValidationErrors errors)
    {
        var parts = default(EventParts);
        foreach (var property in element.EnumerateObject())
        {
            var index = EventParts.IndexOf(property);
            if (index < 0)
            {
                errors.Add(Field(prefix, property.Name), "Unknown field; an event has type, version, data, correlationId, causationId, userId, metadata and stream.");
            }
            else if (parts[index].ValueKind != JsonValueKind.Undefined)
            {
                errors.Add(Field(prefix, property.Name), "The field appears more than once.");
            }
            else
            {
                parts[index] = property.Value;
            }
        }

        return parts;
    }

    private EventTypeDescriptor? ReadType(JsonElement type, string prefix, ValidationErrors errors)
    {
        var field = Field(prefix, "type");
        if (type.ValueKind != JsonValueKind.String)
        {
            errors.Add(field, type.ValueKind == JsonValueKind.Undefined ? "The event type is required." : "The event type must be a string.");
            return null;
        }

        var name = type.GetString()!;
        if (!_registry.TryGet(name, out var descriptor) || !StreamsByType.ContainsKey(name))
        {
            errors.Add(field, $"'{Shorten(name)}' is not a registered event type (see docs/event-catalogue.md).");
            return null;
        }

        return descriptor;
    }

    private static int? ReadVersion(JsonElement version, EventTypeDescriptor? descriptor, string prefix, ValidationErrors errors)
    {
        if (version.ValueKind == JsonValueKind.Undefined)
        {
            return descriptor?.Version;
        }

        if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var value) || value < 1)
        {
            errors.Add(Field(prefix, "version"), "The version must be an integer of at least 1.");
            return null;
        }

        if (descriptor is not null && value > descriptor.Version)
        {
            errors.Add(Field(prefix, "version"), string.Create(CultureInfo.InvariantCulture, $"Version {value} of '{descriptor.Name}' is newer than v{descriptor.Version}, the version the gateway knows."));
            return null;
        }

        return value;
    }

    private static Ulid? ReadUlid(JsonElement value, string field, ValidationErrors errors)
    {
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        // The raw bytes between the quotes parse without a string; an escaped ULID (\u0030…) needs the unescaped text.
        if (value.ValueKind == JsonValueKind.String
            && (Ulid.TryParseExact(JsonMarshal.GetRawUtf8Value(value)[1..^1], out var id) || Ulid.TryParseExact(value.GetString(), out id)))
        {
            return id;
        }

        errors.Add(field, "Must be a ULID: 26 Crockford base32 characters, the first 0-7.");
        return null;
    }

    private static string? ReadUserId(JsonElement value, string prefix, ValidationErrors errors)
    {
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (text is null || !UserIdRegex().IsMatch(text))
        {
            errors.Add(Field(prefix, "userId"), "Must be 1 to 64 letters, digits, '.', '_' or '-', not starting with '.'.");
            return null;
        }

        return text;
    }

    private IReadOnlyDictionary<string, string>? ReadMetadata(JsonElement value, string keyName, string prefix, ValidationErrors errors, out int bytes)
    {
        bytes = 0;
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return _metadataByKey.GetOrAdd(keyName, static name => new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [PublishedBy] = ServiceName,
                [ApiKeyName] = name,
            }.ToFrozenDictionary(StringComparer.Ordinal));
        }

        var field = Field(prefix, "metadata");
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(field, "Metadata must be a JSON object of strings.");
            return null;
        }

        bytes = JsonMarshal.GetRawUtf8Value(value).Length;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                errors.Add($"{field}.{property.Name}", "Metadata values must be strings.");
            }
            else if (property.NameEquals(PublishedBy) || property.NameEquals(ApiKeyName))
            {
                errors.Add($"{field}.{property.Name}", "Set by the gateway; a request cannot set it.");
            }
            else if (!metadata.TryAdd(property.Name, property.Value.GetString()!))
            {
                errors.Add($"{field}.{property.Name}", "The key appears more than once.");
            }
        }

        metadata[PublishedBy] = ServiceName;
        metadata[ApiKeyName] = keyName;
        return metadata;
    }

    private static string? ReadStream(JsonElement value, EventTypeDescriptor? descriptor, string prefix, ValidationErrors errors)
    {
        var streams = descriptor is null ? null : StreamsByType[descriptor.Name];
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return streams?[0];
        }

        var name = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (name is null)
        {
            errors.Add(Field(prefix, "stream"), "The stream must be a string.");
            return null;
        }

        if (streams is not null && !streams.Contains(name, StringComparer.Ordinal))
        {
            errors.Add(Field(prefix, "stream"), $"'{descriptor!.Name}' does not travel on '{Shorten(name)}'; its streams: {string.Join(", ", streams)}.");
            return null;
        }

        return name;
    }

    private object? ReadData(JsonElement value, EventTypeDescriptor? descriptor, int? version, int metadataBytes, string prefix, ValidationErrors errors)
    {
        var field = Field(prefix, "data");
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(field, value.ValueKind == JsonValueKind.Undefined ? "The event's data is required." : "The event's data must be a JSON object.");
            return null;
        }

        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length + metadataBytes + EnvelopeOverheadBytes > _maxEventBytes)
        {
            errors.Add(field, string.Create(CultureInfo.InvariantCulture, $"The data ({raw.Length} bytes) and metadata ({metadataBytes} bytes) would make an event larger than Fleet:Events:MaxEventBytes ({_maxEventBytes})."));
            return null;
        }

        if (descriptor is null || version is null)
        {
            // The data cannot be checked against an unknown type or version; those errors are reported already.
            return null;
        }

        try
        {
            return _registry.Deserialize(descriptor, version.Value, raw.ToArray());
        }
        catch (EventValidationException e)
        {
            foreach (var error in e.Errors)
            {
                errors.Add(field, error);
            }
        }
        catch (UnknownEventVersionException e)
        {
            errors.Add(Field(prefix, "version"), e.Message);
        }

        return null;
    }

    private static string Field(string prefix, string name) => prefix.Length == 0 ? name : string.Concat(prefix, ".", name);

    // A hostile request's strings are echoed in errors only this long.
    private static string Shorten(string text) => text.Length <= 100 ? text : string.Concat(text.AsSpan(0, 100), "…");

    [GeneratedRegex(Ids.UserIdPattern, RegexOptions.CultureInvariant)]
    private static partial Regex UserIdRegex();
}
