namespace Fleet.EventGateway.Api.Security;

/// <summary>
/// Reads the keys of <see cref="ApiKeyOptions"/> from configuration and key files, and reports every problem naming the
/// option and the key's position, never the key itself.
/// </summary>
internal static class ApiKeySources
{
    public static List<ConfiguredApiKey> Read(ApiKeyOptions options, List<string> problems)
    {
        var keys = new List<ConfiguredApiKey>();
        Add(keys, ApiKeyRole.Admin, options.Admin, "Gateway:ApiKeys:Admin");
        Add(keys, ApiKeyRole.ReadOnly, options.ReadOnly, "Gateway:ApiKeys:ReadOnly");
        AddFile(keys, ApiKeyRole.Admin, options.AdminFile, "Gateway:ApiKeys:AdminFile", problems);
        AddFile(keys, ApiKeyRole.ReadOnly, options.ReadOnlyFile, "Gateway:ApiKeys:ReadOnlyFile", problems);
        var seen = new Dictionary<string, ConfiguredApiKey>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (key.Key.Length < ApiKeyOptions.MinKeyLength || key.Key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                problems.Add($"{key.Source} must be at least {ApiKeyOptions.MinKeyLength} characters without spaces (a random key, e.g. `openssl rand -hex 32`).");
            }
            else if (seen.TryGetValue(key.Key, out var first) && first.Role != key.Role)
            {
                problems.Add($"{key.Source} is also configured as {first.Source}: one key cannot be both admin and read-only.");
            }
            else
            {
                seen.TryAdd(key.Key, key);
            }
        }

        return keys;
    }

    private static void Add(List<ConfiguredApiKey> keys, ApiKeyRole role, List<string> values, string option)
    {
        for (var i = 0; i < values.Count; i++)
        {
            keys.Add(new ConfiguredApiKey(role, values[i] ?? string.Empty, $"{option}:{i}"));
        }
    }

    private static void AddFile(List<ConfiguredApiKey> keys, ApiKeyRole role, string? path, string option, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            problems.Add($"{option} '{path}' cannot be read: {e.Message}");
            return;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                keys.Add(new ConfiguredApiKey(role, line, $"{option} line {i + 1}"));
            }
        }
    }
}
