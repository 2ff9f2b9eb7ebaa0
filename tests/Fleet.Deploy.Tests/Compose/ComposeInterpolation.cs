using System.Text.RegularExpressions;

namespace Fleet.Deploy.Tests.Compose;

/// <summary>Compose's variable interpolation: <c>${NAME}</c>, <c>${NAME:-default}</c>, <c>${NAME:?message}</c>, and <c>$$</c> for a dollar.</summary>
internal static partial class ComposeInterpolation
{
    /// <summary><paramref name="value"/> with every variable replaced from <paramref name="variables"/>.</summary>
    /// <exception cref="InvalidOperationException">A <c>${NAME:?…}</c> variable is unset or empty (Compose stops there too).</exception>
    public static string Apply(string value, IReadOnlyDictionary<string, string> variables) =>
        Variable().Replace(value, m =>
        {
            if (m.Value == "$$")
            {
                return "$";
            }

            var set = variables.TryGetValue(m.Groups["name"].Value, out var found) && found.Length > 0;
            return m.Groups["operator"].Value switch
            {
                ":-" => set ? found! : m.Groups["argument"].Value,
                ":?" => set ? found! : throw new InvalidOperationException($"{m.Groups["name"].Value}: {m.Groups["argument"].Value}"),
                _ => found ?? string.Empty,
            };
        });

    [GeneratedRegex(@"\$\$|\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<operator>:[-?])(?<argument>[^}]*))?\}")]
    private static partial Regex Variable();
}
