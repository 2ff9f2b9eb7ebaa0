namespace Fleet.EventGateway.Archive;

/// <summary>
/// Which event types are archived: an empty <see cref="IncludeTypes"/> includes every type; <see cref="ExcludeTypes"/>
/// wins over it. A pattern is an exact type name, a prefix ending in <c>.*</c> (<c>market.*</c>), or <c>*</c>.
/// </summary>
internal sealed class ArchiveTypeFilter
{
    /// <summary>Types archived; empty means every type.</summary>
    public List<string> IncludeTypes { get; set; } = [];

    /// <summary>Types never archived.</summary>
    public List<string> ExcludeTypes { get; set; } = [];

    /// <summary>Whether <paramref name="type"/> passes this filter.</summary>
    public bool Admits(string type) =>
        (IncludeTypes.Count == 0 || IncludeTypes.Exists(pattern => Matches(pattern, type)))
        && !ExcludeTypes.Exists(pattern => Matches(pattern, type));

    /// <summary>Whether <paramref name="pattern"/> is a type name, a <c>prefix.*</c> or <c>*</c>.</summary>
    public static bool IsPattern(string? pattern) =>
        pattern == "*"
        || Fleet.Events.EnvelopeCodec.IsValidTypeName(pattern)
        || (pattern is { Length: > 2 } && pattern.EndsWith(".*", StringComparison.Ordinal) && Fleet.Events.EnvelopeCodec.IsValidTypeName(pattern[..^2]));

    private static bool Matches(string pattern, string type) =>
        pattern == "*"
        || (pattern.EndsWith(".*", StringComparison.Ordinal)
            ? type.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)
            : string.Equals(pattern, type, StringComparison.Ordinal));
}
