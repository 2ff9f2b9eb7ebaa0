using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Contracts;
using Fleet.Ctl.Cli;
using Fleet.Events;
using NUlid;

namespace Fleet.Ctl.Publish;

/// <summary>
/// An event read from the command line, checked before anything is sent: the type, the data as JSON, the ids, the
/// metadata and the stream. Every problem is collected, so one run names every broken rule.
/// </summary>
internal sealed class EventDraft
{
    private EventDraft(string type, JsonObject data, string stream, PublishOptions options)
    {
        Type = type;
        Data = data;
        Stream = stream;
        Options = options;
    }

    public string Type { get; }

    public JsonObject Data { get; }

    public string Stream { get; }

    public PublishOptions Options { get; }

    /// <summary>
    /// Reads <paramref name="settings"/>; with <paramref name="contracts"/> the data is also checked against the type's
    /// contract (deserialized and validated as the publisher would). Throws a usage error listing every problem.
    /// </summary>
    public static EventDraft Read(PublishSettings settings, EventTypeRegistry? contracts, TextReader stdin, out object? record)
    {
        record = null;
        var errors = new List<string>();
        var entry = EventCatalogue.Entries.FirstOrDefault(e => e.Name == settings.Type);
        if (entry is null)
        {
            errors.Add($"'{settings.Type}' is not a registered event type; known: {string.Join(", ", EventCatalogue.Entries.Select(e => e.Name))}.");
        }

        var data = ReadObject(ReadText(settings.Data!, stdin), "--data", errors);
        var stream = settings.Stream ?? entry?.Streams[0] ?? string.Empty;
        if (settings.Stream is not null)
        {
            CheckStream(settings.Stream, errors);
        }

        var options = new PublishOptions
        {
            CorrelationId = ReadUlid(settings.CorrelationId, "--correlation-id", errors),
            CausationId = ReadUlid(settings.CausationId, "--causation-id", errors),
            UserId = string.IsNullOrEmpty(settings.UserId) ? null : settings.UserId,
            Metadata = ReadMetadata(settings.Metadata, errors),
        };

        if (contracts is not null && entry is not null && data is not null && contracts.TryGet(entry.Name, out var descriptor))
        {
            record = CheckContract(contracts, descriptor, data, errors);
        }

        if (errors.Count > 0)
        {
            throw new CliException(ExitCodes.Usage, $"invalid event '{settings.Type}':") { Details = errors };
        }

        return new EventDraft(settings.Type, data!, stream, options);
    }

    private static object? CheckContract(EventTypeRegistry contracts, EventTypeDescriptor descriptor, JsonObject data, List<string> errors)
    {
        // The registry ignores fields its record does not have; a misspelt optional field would vanish silently.
        if (contracts.ExportJsonSchema(descriptor.Name)["properties"] is JsonObject properties)
        {
            errors.AddRange(data.Select(p => p.Key).Where(name => !properties.ContainsKey(name)).Select(name => $"data has no field '{name}' (fields: {string.Join(", ", properties.Select(p => p.Key))})."));
        }

        try
        {
            return contracts.Deserialize(descriptor, descriptor.Version, Encoding.UTF8.GetBytes(data.ToJsonString()));
        }
        catch (EventValidationException e)
        {
            errors.AddRange(e.Errors);
            return null;
        }
    }

    private static string ReadText(string value, TextReader stdin)
    {
        if (!value.StartsWith('@'))
        {
            return value;
        }

        var path = value[1..];
        if (path == "-")
        {
            return stdin.ReadToEnd();
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"--data: cannot read '{path}': {e.Message}");
        }
    }

    private static JsonObject? ReadObject(string text, string option, List<string> errors)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject json)
            {
                return json;
            }

            errors.Add($"{option} must be a JSON object ({{…}}).");
        }
        catch (JsonException e)
        {
            errors.Add($"{option} is not JSON: {e.Message}");
        }

        return null;
    }

    private static Ulid? ReadUlid(string? text, string option, List<string> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (Ulid.TryParseExact(text, out var id))
        {
            return id;
        }

        errors.Add($"{option} must be a ULID (26 Crockford base32 characters), not '{text}'.");
        return null;
    }

    private static Dictionary<string, string>? ReadMetadata(string? text, List<string> errors)
    {
        if (string.IsNullOrEmpty(text) || ReadObject(text, "--metadata", errors) is not { } json)
        {
            return null;
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in json)
        {
            if (value is JsonValue scalar && scalar.TryGetValue<string>(out var text2))
            {
                metadata[name] = text2;
            }
            else
            {
                errors.Add($"--metadata '{name}' must be a string.");
            }
        }

        return metadata;
    }

    private static void CheckStream(string stream, List<string> errors)
    {
        try
        {
            StreamKeys.Validate(stream);
        }
        catch (ArgumentException e)
        {
            errors.Add($"--stream: {e.Message.Split(" (Parameter", 2)[0]}");
        }
    }
}
