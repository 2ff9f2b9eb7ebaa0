using System.Text.RegularExpressions;
using Fleet.Testing.Processes;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Fleet.Deploy.Tests.Compose;

/// <summary>
/// The repository's docker-compose.yml read the way Compose reads it, as far as these tests need: YAML merge keys
/// (<c>&lt;&lt;: *fleet-service</c>) applied, services and top-level volumes, and the <c>${VAR}</c> it interpolates.
/// </summary>
internal sealed partial class ComposeFile
{
    /// <summary>The six Fleet services, each a compose service named as the service (PLAN: fixed names).</summary>
    public static readonly IReadOnlyList<string> FleetServices =
    [
        ServiceBinaries.FileProcessor, ServiceBinaries.EmbeddingGenerator, ServiceBinaries.MarketMonitor,
        ServiceBinaries.Notifier, ServiceBinaries.DeadLetterReaper, ServiceBinaries.EventGateway,
    ];

    private ComposeFile(string text, Dictionary<object, object> root)
    {
        Text = text;
        Root = root;
        Services = Map(root, "services").ToDictionary(s => (string)s.Key, s => new ComposeService((string)s.Key, (Dictionary<object, object>)s.Value), StringComparer.Ordinal);
        Volumes = Map(root, "volumes").Keys.Cast<string>().ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The repository's docker-compose.yml, loaded once.</summary>
    public static ComposeFile Repository { get; } = Load(Path.Combine(ServiceBinaries.RepositoryRoot, "docker-compose.yml"));

    /// <summary>The file's text.</summary>
    public string Text { get; }

    /// <summary>The parsed document, merge keys applied.</summary>
    public Dictionary<object, object> Root { get; }

    /// <summary>The services by name.</summary>
    public IReadOnlyDictionary<string, ComposeService> Services { get; }

    /// <summary>The names of the top-level (named) volumes.</summary>
    public IReadOnlySet<string> Volumes { get; }

    /// <summary>Every variable the file interpolates (<c>${NAME}</c>, <c>${NAME:-default}</c>, <c>${NAME:?message}</c>); <c>$$</c> is a literal dollar.</summary>
    public IReadOnlySet<string> Variables =>
        Interpolation().Matches(Text.Replace("$$", string.Empty, StringComparison.Ordinal)).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Parses <paramref name="path"/>.</summary>
    public static ComposeFile Load(string path)
    {
        var text = File.ReadAllText(path);
        using var reader = new StringReader(text);
        // MergingParser applies YAML merge keys, as Compose does for its x- extension anchors.
        var root = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
        return new ComposeFile(text, root);
    }

    /// <summary>The mapping under <paramref name="key"/>, empty when absent.</summary>
    public static Dictionary<object, object> Map(Dictionary<object, object> node, string key) =>
        node.TryGetValue(key, out var value) && value is Dictionary<object, object> map ? map : [];

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?<rest>[^}]*)\}")]
    private static partial Regex Interpolation();
}
