using System.Text.RegularExpressions;

namespace Fleet.Deploy.Tests.Compose;

/// <summary>
/// A <c>.dockerignore</c> applied to repository paths the way Docker applies it: each line a pattern (<c>*</c> within one
/// path segment, <c>**</c> across segments, a trailing <c>/</c> ignored), <c>!</c> an exception, the last matching line
/// wins, and a pattern matching a directory matches everything under it.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly List<(bool Keep, Regex Pattern)> _rules;

    public DockerIgnore(string text) =>
        _rules = text.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.StartsWith('!') ? (true, Compile(line[1..])) : (false, Compile(line)))
            .ToList();

    /// <summary>Whether <paramref name="path"/> (relative, <c>/</c>-separated) is sent to the builder.</summary>
    public bool Keeps(string path)
    {
        var keep = true;
        foreach (var (exception, pattern) in _rules)
        {
            if (Prefixes(path).Any(pattern.IsMatch))
            {
                keep = exception;
            }
        }

        return keep;
    }

    /// <summary><c>a</c>, <c>a/b</c>, <c>a/b/c</c> for <c>a/b/c</c>: a rule on a directory applies to what it holds.</summary>
    private static IEnumerable<string> Prefixes(string path)
    {
        var parts = path.Split('/');
        for (var i = 1; i <= parts.Length; i++)
        {
            yield return string.Join('/', parts[..i]);
        }
    }

    private static Regex Compile(string pattern)
    {
        var text = pattern.Trim('/');
        var regex = Regex.Escape(text)
            .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal)
            .Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^/]", StringComparison.Ordinal);
        return new Regex($"^{regex}$", RegexOptions.CultureInvariant);
    }
}
