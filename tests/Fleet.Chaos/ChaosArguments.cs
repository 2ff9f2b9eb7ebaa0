using System.Globalization;

namespace Fleet.Chaos;

/// <summary>
/// <c>--name value</c> pairs after the role, each falling back to the environment variable <c>CHAOS_NAME</c>
/// (<c>REDIS_URL</c> for <c>--redis</c>), so a role can be started by hand or by the test.
/// </summary>
internal sealed class ChaosArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private ChaosArguments(string role) => Role = role;

    public string Role { get; }

    public static ChaosArguments Parse(string[] args)
    {
        if (args.Length == 0)
        {
            throw new ArgumentException("Usage: Fleet.Chaos publish|consume --redis URL --stream NAME [--name value ...]");
        }

        var parsed = new ChaosArguments(args[0]);
        for (var i = 1; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected '--name value' pairs after the role, not '{args[i]}'.");
            }

            parsed._values[args[i][2..]] = args[i + 1];
        }

        return parsed;
    }

    public string Text(string name, string? fallback = null)
    {
        if (_values.TryGetValue(name, out var value))
        {
            return value;
        }

        var environment = Environment.GetEnvironmentVariable(name == "redis" ? "REDIS_URL" : "CHAOS_" + name.ToUpperInvariant().Replace('-', '_'));
        return environment ?? fallback ?? throw new ArgumentException($"--{name} is required.");
    }

    public long Number(string name, long fallback)
    {
        var text = Text(name, fallback.ToString(CultureInfo.InvariantCulture));
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"--{name} must be a non-negative integer, not '{text}'.");
    }
}
