using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Events;

namespace Fleet.Contracts;

/// <summary>
/// Writes docs/event-catalogue.md and docs/schemas/*.json from <see cref="EventCatalogue"/> and the registered
/// contracts, so the documents cannot say something the code does not (a test compares them).
/// </summary>
public static class EventCatalogueDocument
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The JSON Schema files: file name (<c>file.uploaded.v1.json</c>) to content.</summary>
    public static IReadOnlyDictionary<string, string> Schemas(EventTypeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return EventCatalogue.Entries.ToDictionary(
            entry => $"{entry.Name}.v{entry.Version}.json",
            entry => registry.ExportJsonSchema(entry.Name).ToJsonString(Indented).ReplaceLineEndings("\n") + "\n",
            StringComparer.Ordinal);
    }

    /// <summary>The catalogue page in Markdown.</summary>
    public static string Markdown(EventTypeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var text = new StringBuilder();
        text.Append("""
            # Event catalogue

            Every event type Fleet's services exchange. Generated from `shared/Fleet.Contracts` (`EventCatalogue` and the
            registered contracts); `tests/Fleet.Contracts.Tests` fails when this page or `docs/schemas/` drift from the code.
            Regenerate both with `make contracts`. Each event is one stream entry in the envelope of DESIGN.md section 3;
            the fields below are its `data` (JSON, snake_case). Events carry ids and references, never file contents or secrets.

            ## Streams

            | stream | key | event types |
            |---|---|---|

            """);
        foreach (var stream in FleetStreams.All)
        {
            var types = EventCatalogue.Entries.Where(e => e.Streams.Contains(stream)).Select(e => $"`{e.Name}`");
            text.Append(CultureInfo.InvariantCulture, $"| `{stream}` | `fleet:{{{stream}}}` | {string.Join(", ", types.DefaultIfEmpty("(issue 9)"))} |\n");
        }

        text.Append("""

            `ai.high.events` and `ai.low.events` are the embedding request lanes of ADR 0007; every response goes to `ai.events`.

            ## Event types

            | type | version | pattern | streams | producers | consumers |
            |---|---|---|---|---|---|

            """);
        foreach (var entry in EventCatalogue.Entries)
        {
            text.Append(CultureInfo.InvariantCulture, $"| [`{entry.Name}`](#{entry.Name.Replace(".", "", StringComparison.Ordinal)}) | {entry.Version} | {entry.Pattern} | {Join(entry.Streams)} | {string.Join(", ", entry.Producers)} | {string.Join(", ", entry.Consumers.DefaultIfEmpty("-"))} |\n");
        }

        foreach (var entry in EventCatalogue.Entries)
        {
            var schema = registry.ExportJsonSchema(entry.Name);
            text.Append(CultureInfo.InvariantCulture, $"\n### {entry.Name}\n\n{entry.Description}\n\n");
            text.Append(CultureInfo.InvariantCulture, $"Version {entry.Version}, record `{entry.Record.Name}`, schema [`schemas/{entry.Name}.v{entry.Version}.json`](schemas/{entry.Name}.v{entry.Version}.json).\n\n");
            text.Append("| field | type | required | rules |\n|---|---|---|---|\n");
            var required = (schema["required"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
            foreach (var (name, node) in (JsonObject)schema["properties"]!)
            {
                text.Append(CultureInfo.InvariantCulture, $"| `{name}` | {TypeOf(node!)} | {(required.Contains(name) ? "yes" : "no")} | {Rules(node!)} |\n");
            }
        }

        return text.ToString();
    }

    private static string Join(IEnumerable<string> items) => string.Join(", ", items.Select(i => $"`{i}`"));

    private static string TypeOf(JsonNode node)
    {
        if (node["enum"] is JsonArray values)
        {
            return "one of " + string.Join(", ", values.Where(v => v is not null).Select(v => $"`{v!.GetValue<string>()}`"));
        }

        var type = node["type"] switch
        {
            JsonArray types => string.Join(" or ", types.Select(t => t!.GetValue<string>())),
            JsonValue single => single.GetValue<string>(),
            _ => "any",
        };
        return node["items"] is JsonNode items ? $"{type} of {TypeOf(items)}" : type;
    }

    private static string Rules(JsonNode node)
    {
        string[] keywords = ["pattern", "minLength", "maxLength", "minimum", "maximum", "maxItems", "format"];
        var rules = keywords
            .Where(k => node[k] is not null)
            .Select(k => $"{k} `{node[k]!.ToJsonString().Trim('"').Replace("|", "\\|", StringComparison.Ordinal)}`");
        return string.Join(", ", rules.DefaultIfEmpty("-"));
    }
}
