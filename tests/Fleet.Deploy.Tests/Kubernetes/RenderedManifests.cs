using YamlDotNet.RepresentationModel;

namespace Fleet.Deploy.Tests.Kubernetes;

/// <summary>Every object one kustomization renders, with look-ups by kind and name.</summary>
internal sealed class RenderedManifests
{
    private RenderedManifests(string directory, IReadOnlyList<Manifest> all)
    {
        Directory = directory;
        All = all;
    }

    /// <summary>The kustomization, relative to the repository root.</summary>
    public string Directory { get; }

    public IReadOnlyList<Manifest> All { get; }

    public static RenderedManifests Parse(string directory, string yaml)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml))
        {
            stream.Load(reader);
        }

        var all = stream.Documents
            .Select(d => (YamlMappingNode)d.RootNode)
            .Select(root => new Manifest(root.Text("kind") ?? "?", root.Text("metadata", "name") ?? "?", root))
            .ToList();
        return new RenderedManifests(directory, all);
    }

    public IEnumerable<Manifest> OfKind(string kind) => All.Where(m => m.Kind == kind);

    public Manifest? Find(string kind, string name) => All.SingleOrDefault(m => m.Kind == kind && m.Name == name);

    public Manifest Single(string kind, string name) =>
        Find(kind, name) ?? throw new InvalidOperationException($"{Directory} renders no {kind}/{name}; it has: {string.Join(", ", All)}");

    /// <summary>A ConfigMap's data by the name a reference uses (kustomize's generated names carry a hash suffix).</summary>
    public IReadOnlyDictionary<string, string> ConfigMapData(string name) => Single("ConfigMap", name).Root.Strings("data");

    /// <summary>The labels of the pods a policy's or budget's <paramref name="selector"/> (a LabelSelector) selects, tested against <paramref name="labels"/>.</summary>
    public static bool Selects(YamlNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null)
        {
            return false;
        }

        foreach (var (key, value) in selector.Strings("matchLabels"))
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        foreach (var expression in selector.Items("matchExpressions"))
        {
            var key = expression.Text("key")!;
            var values = expression.Items("values").Select(v => ((YamlScalarNode)v).Value).ToHashSet(StringComparer.Ordinal);
            var present = labels.TryGetValue(key, out var actual);
            var holds = expression.Text("operator") switch
            {
                "In" => present && values.Contains(actual),
                "NotIn" => !present || !values.Contains(actual),
                "Exists" => present,
                "DoesNotExist" => !present,
                var other => throw new InvalidOperationException($"Unknown selector operator {other}."),
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }
}
