using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fleet.Ctl.Gateway;

/// <summary>The parts of an RFC 9457 problem details answer a user reads: title, detail and every validation error.</summary>
internal sealed record ProblemDetails(string? Title, string? Detail, IReadOnlyList<string> Errors)
{
    /// <summary>": title: detail", or empty when the answer had neither.</summary>
    public string Summary =>
        string.Join(": ", new[] { Title, Detail }.Where(s => !string.IsNullOrWhiteSpace(s))) is { Length: > 0 } text ? ": " + text : string.Empty;

    /// <summary>Reads <paramref name="body"/>; anything that is not problem details gives an empty one.</summary>
    public static ProblemDetails Parse(string body)
    {
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            json = null;
        }

        if (json is null)
        {
            return new(null, null, []);
        }

        var errors = new List<string>();
        if (json["errors"] is JsonObject byField)
        {
            foreach (var (field, messages) in byField)
            {
                var list = messages is JsonArray array ? array.Select(m => m?.ToString() ?? string.Empty) : [messages?.ToString() ?? string.Empty];
                errors.AddRange(list.Select(m => field.Length == 0 ? m : $"{field}: {m}"));
            }
        }

        return new(Text(json["title"]), Text(json["detail"]), errors);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
