using System.Globalization;
using System.Text.RegularExpressions;
using Fleet.Contracts;
using Fleet.EventGateway.Api.Publishing;
using Fleet.Events;
using NUlid;

namespace Fleet.EventGateway.Api.Hosting;

/// <summary>
/// Reads a request's query parameters one by one, adding a message per bad or repeated parameter to
/// <see cref="Errors"/> (so a 400 names every bad one) and refusing parameters the route does not know.
/// </summary>
internal sealed partial class QueryParameters
{
    private readonly IQueryCollection _query;

    public QueryParameters(IQueryCollection query, params string[] known)
    {
        _query = query;
        foreach (var name in query.Keys)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                Errors.Add(name, $"Unknown parameter; this route takes {string.Join(", ", known)}.");
            }
        }
    }

    public ValidationErrors Errors { get; } = new();

    public string? Text(string name, int maxLength = 512)
    {
        var values = _query[name];
        if (values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1)
        {
            Errors.Add(name, "The parameter appears more than once.");
            return null;
        }

        var value = values[0];
        if (string.IsNullOrEmpty(value) || value.Length > maxLength)
        {
            Errors.Add(name, string.Create(CultureInfo.InvariantCulture, $"Must be 1 to {maxLength} characters."));
            return null;
        }

        return value;
    }

    /// <summary>A stream name: lower-case letters, digits, '.', '_' and '-' (as ParkedEntrySelection's pattern).</summary>
    public string? StreamName(string name = "stream")
    {
        var value = Text(name, 200);
        if (value is not null && !StreamNameRegex().IsMatch(value))
        {
            Errors.Add(name, "Must be a stream name such as contextual.events.");
            return null;
        }

        return value;
    }

    public string? TypeName(string name = "type")
    {
        var value = Text(name, 200);
        if (value is not null && !TypeNameRegex().IsMatch(value))
        {
            Errors.Add(name, "Must be a dotted lower-case event type such as file.uploaded.");
            return null;
        }

        return value;
    }

    public string? UlidText(string name)
    {
        var value = Text(name, 26);
        if (value is not null && !Ulid.TryParseExact(value, out _))
        {
            Errors.Add(name, "Must be a ULID: 26 Crockford base32 characters, the first 0-7.");
            return null;
        }

        return value?.ToUpperInvariant();
    }

    public string? UserId(string name = "userId")
    {
        var value = Text(name, 64);
        if (value is not null && !UserIdRegex().IsMatch(value))
        {
            Errors.Add(name, "Must be 1 to 64 letters, digits, '.', '_' or '-', not starting with '.'.");
            return null;
        }

        return value;
    }

    /// <summary>An RFC 3339 date-time with a 'T', seconds and an offset, e.g. 2026-12-02T10:30:00Z.</summary>
    public DateTimeOffset? Time(string name)
    {
        var value = Text(name, 40);
        if (value is null)
        {
            return null;
        }

        if (!Rfc3339Regex().IsMatch(value)
            || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var time))
        {
            Errors.Add(name, "Must be an RFC 3339 date-time such as 2026-12-02T10:30:00Z.");
            return null;
        }

        return time;
    }

    public int Integer(string name, int min, int max, int fallback)
    {
        var value = Text(name, 10);
        if (value is null)
        {
            return fallback;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            Errors.Add(name, string.Create(CultureInfo.InvariantCulture, $"Must be an integer from {min} to {max}."));
            return fallback;
        }

        return number;
    }

    /// <summary>One of <paramref name="choices"/> (case-insensitive), as the choice's index, or -1 when absent or bad.</summary>
    public int Choice(string name, params string[] choices)
    {
        var value = Text(name, 40);
        if (value is null)
        {
            return -1;
        }

        var index = Array.FindIndex(choices, choice => string.Equals(choice, value, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            Errors.Add(name, $"Must be one of {string.Join(", ", choices)}.");
        }

        return index;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,199}$", RegexOptions.CultureInvariant)]
    private static partial Regex StreamNameRegex();

    [GeneratedRegex("^[a-z0-9_]+(\\.[a-z0-9_]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex TypeNameRegex();

    [GeneratedRegex(Ids.UserIdPattern, RegexOptions.CultureInvariant)]
    private static partial Regex UserIdRegex();

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339Regex();
}
