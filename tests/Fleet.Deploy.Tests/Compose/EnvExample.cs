using Fleet.Testing.Processes;

namespace Fleet.Deploy.Tests.Compose;

/// <summary>The repository's <c>.env.example</c>: <c>NAME=value</c> lines, comments and blank lines skipped.</summary>
internal static class EnvExample
{
    /// <summary>Every variable it lists, with its value (empty for a secret to fill in).</summary>
    public static IReadOnlyDictionary<string, string> Variables { get; } =
        File.ReadAllLines(Path.Combine(ServiceBinaries.RepositoryRoot, ".env.example"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : string.Empty, StringComparer.Ordinal);
}
