using System.Globalization;

namespace Fleet.Deploy.Tests.Compose;

/// <summary>One service of docker-compose.yml, with the accessors the tests use.</summary>
/// <param name="Name">The service name.</param>
/// <param name="Node">Its mapping, merge keys applied.</param>
internal sealed record ComposeService(string Name, Dictionary<object, object> Node)
{
    /// <summary><c>image</c>, or null.</summary>
    public string? Image => Scalar("image");

    /// <summary>The environment as name → value (mapping or <c>NAME=value</c> list form), values not interpolated.</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        Node.TryGetValue("environment", out var value) switch
        {
            false => new Dictionary<string, string>(StringComparer.Ordinal),
            true when value is Dictionary<object, object> map => map.ToDictionary(e => (string)e.Key, e => e.Value?.ToString() ?? string.Empty, StringComparer.Ordinal),
            true when value is List<object> list => list.Cast<string>().Select(e => e.Split('=', 2)).ToDictionary(e => e[0], e => e.Length > 1 ? e[1] : string.Empty, StringComparer.Ordinal),
            _ => throw new InvalidOperationException($"{Name}: environment is neither a mapping nor a list."),
        };

    /// <summary>The health check's <c>test</c> as a list (exec form), or null when it is a string or absent.</summary>
    public IReadOnlyList<string>? HealthCheckTest =>
        ComposeFile.Map(Node, "healthcheck").TryGetValue("test", out var test) && test is List<object> list ? list.Cast<string>().ToList() : null;

    /// <summary>Whether the service has a health check at all.</summary>
    public bool HasHealthCheck => Node.ContainsKey("healthcheck");

    /// <summary>The volume entries in short syntax (<c>source:target[:mode]</c>).</summary>
    public IReadOnlyList<string> Volumes => List("volumes");

    /// <summary>The published ports in short syntax.</summary>
    public IReadOnlyList<string> Ports => List("ports");

    /// <summary>The tmpfs mounts (<c>path[:options]</c>).</summary>
    public IReadOnlyList<string> Tmpfs => List("tmpfs");

    /// <summary><c>depends_on</c> as service → condition (<c>service_started</c> for the list form).</summary>
    public IReadOnlyDictionary<string, string> DependsOn =>
        Node.TryGetValue("depends_on", out var value) switch
        {
            false => new Dictionary<string, string>(StringComparer.Ordinal),
            true when value is List<object> list => list.Cast<string>().ToDictionary(s => s, _ => "service_started", StringComparer.Ordinal),
            true when value is Dictionary<object, object> map => map.ToDictionary(
                e => (string)e.Key,
                e => e.Value is Dictionary<object, object> options && options.TryGetValue("condition", out var condition) ? (string)condition : "service_started",
                StringComparer.Ordinal),
            _ => throw new InvalidOperationException($"{Name}: depends_on is neither a mapping nor a list."),
        };

    /// <summary><c>deploy.replicas</c>, 1 when not set.</summary>
    public int Replicas =>
        ComposeFile.Map(Node, "deploy").TryGetValue("replicas", out var replicas) ? int.Parse((string)replicas, CultureInfo.InvariantCulture) : 1;

    /// <summary>A top-level scalar of the service, or null.</summary>
    public string? Scalar(string key) => Node.TryGetValue(key, out var value) ? value as string : null;

    /// <summary>A top-level list of scalars of the service, empty when absent.</summary>
    public IReadOnlyList<string> List(string key) =>
        Node.TryGetValue(key, out var value) && value is List<object> list ? list.Cast<string>().ToList() : [];

    /// <summary>The named volume (not a bind mount: those start with <c>.</c> or <c>/</c>) of each volume entry, and its target.</summary>
    public IEnumerable<(string Volume, string Target, bool ReadOnly)> NamedVolumes =>
        Volumes.Select(v => v.Split(':'))
            .Where(parts => !parts[0].StartsWith('.') && !parts[0].StartsWith('/'))
            .Select(parts => (parts[0], parts[1], parts.Length > 2 && parts[2].Split(',').Contains("ro")));
}
