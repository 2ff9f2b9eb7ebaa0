using System.Text.RegularExpressions;

namespace Fleet.Deploy.Tests.Prometheus;

/// <summary>One alerting rule of deploy/prometheus/alerts.yml, as written.</summary>
internal sealed partial record AlertRule(
    string Name,
    string Expression,
    string? For,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations)
{
    /// <summary>
    /// The Fleet metric names the expression reads. Every metric the services export starts with <c>fleet_</c> and no
    /// label, function or keyword does, so the prefix alone finds them; <c>up</c> is Prometheus's own.
    /// </summary>
    public IReadOnlySet<string> FleetMetrics => MetricName().Matches(Expression).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>The labels the expression groups or matches on (<c>by (…)</c>, <c>on (…)</c>): each metric must carry them.</summary>
    public IReadOnlySet<string> GroupingLabels => Grouping().Matches(Expression)
        .SelectMany(m => m.Groups["labels"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\bfleet_[a-z0-9_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"\b(?:by|on)\s*\((?<labels>[^)]*)\)")]
    private static partial Regex Grouping();
}
