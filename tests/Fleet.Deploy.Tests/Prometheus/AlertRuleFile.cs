using YamlDotNet.RepresentationModel;

namespace Fleet.Deploy.Tests.Prometheus;

/// <summary>Reads deploy/prometheus's YAML files as YamlDotNet documents.</summary>
internal static class AlertRuleFile
{
    /// <summary>Every alerting rule of alerts.yml, in file order.</summary>
    public static IReadOnlyList<AlertRule> Rules() =>
        [.. Sequence(Load("alerts.yml"), "groups")
            .SelectMany(group => Sequence(group, "rules"))
            .Select(rule => new AlertRule(
                Scalar(rule, "alert") ?? throw new InvalidOperationException($"alerts.yml: a rule without `alert`: {rule}"),
                Scalar(rule, "expr") ?? string.Empty,
                Scalar(rule, "for"),
                Map(rule, "labels"),
                Map(rule, "annotations")))];

    /// <summary>The root mapping of <paramref name="fileName"/> in deploy/prometheus.</summary>
    public static YamlMappingNode Load(string fileName)
    {
        using var reader = new StreamReader(Path.Combine(Promtool.Directory, fileName));
        var stream = new YamlStream();
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>The items of the sequence under <paramref name="key"/>, each a mapping; none when the key is missing.</summary>
    public static IEnumerable<YamlMappingNode> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlSequenceNode sequence
            ? sequence.Children.Cast<YamlMappingNode>()
            : [];

    /// <summary>The scalar under <paramref name="key"/>, or null.</summary>
    public static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    /// <summary>The string-to-string mapping under <paramref name="key"/>; empty when the key is missing.</summary>
    public static IReadOnlyDictionary<string, string> Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlMappingNode map
            ? map.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value ?? string.Empty, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
}
