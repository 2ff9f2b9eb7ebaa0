using YamlDotNet.RepresentationModel;

namespace Fleet.Deploy.Tests.Kubernetes;

/// <summary>Reading a rendered object's YAML by path: a missing step gives null (or no items), never an exception.</summary>
internal static class Yaml
{
    /// <summary>The node at <paramref name="path"/> (mapping keys), or null.</summary>
    public static YamlNode? At(this YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out node))
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>The scalar at <paramref name="path"/>, or null.</summary>
    public static string? Text(this YamlNode? node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    /// <summary>The integer at <paramref name="path"/>, or null.</summary>
    public static int? Number(this YamlNode? node, params string[] path) =>
        int.TryParse(node.Text(path), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>The items of the sequence at <paramref name="path"/>; none when it is missing.</summary>
    public static IReadOnlyList<YamlNode> Items(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlSequenceNode sequence ? sequence.Children.ToList() : [];

    /// <summary>The scalar entries of the mapping at <paramref name="path"/> (labels, ConfigMap data).</summary>
    public static IReadOnlyDictionary<string, string> Strings(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlMappingNode mapping
            ? mapping.Children.Where(e => e.Value is YamlScalarNode).ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? string.Empty, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
}
