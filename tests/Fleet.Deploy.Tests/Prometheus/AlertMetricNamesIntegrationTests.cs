using System.Text.RegularExpressions;
using Fleet.Testing;

namespace Fleet.Deploy.Tests.Prometheus;

/// <summary>
/// Every metric alerts.yml reads is one a service really exports, with the labels the rule groups by: the
/// <see cref="ReaperMetricsFixture"/>'s dead-letter-reaper ends up with every name on its <c>/metrics</c>. A metric renamed
/// in the code, or a tag renamed, fails here instead of leaving a rule that never fires.
/// </summary>
[Collection(SharedReaperMetrics.Name)]
public sealed partial class AlertMetricNamesIntegrationTests(ReaperMetricsFixture reaper)
{
    private static readonly TimeSpan ScrapeLimit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task AlertRules_EveryMetricAndGroupingLabel_ExportedByTheServices()
    {
        var rules = AlertRuleFile.Rules();
        var names = rules.SelectMany(r => r.FleetMetrics).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(names);

        // The names not on /metrics yet, as text so a timeout's message lists them.
        var body = string.Empty;
        var missing = await Eventually.UntilAsync(
            async () =>
            {
                body = await reaper.MetricsAsync();
                var exported = SampleNames(body);
                return string.Join(", ", names.Where(name => !exported.Contains(name)).Order(StringComparer.Ordinal));
            },
            absent => absent.Length == 0 || reaper.Exited,
            "every metric alerts.yml reads is on the dead-letter-reaper's /metrics (the last value lists those still missing)",
            ScrapeLimit);
        Assert.True(missing.Length == 0, $"Not exported: {missing}\n{reaper.Tail}");

        foreach (var rule in rules)
        {
            foreach (var metric in rule.FleetMetrics)
            {
                foreach (var labels in SampleLabels(body, metric))
                {
                    Assert.True(rule.GroupingLabels.IsSubsetOf(labels), $"{rule.Name} groups {metric} by {string.Join(", ", rule.GroupingLabels)}; it carries only {string.Join(", ", labels)}.");
                }
            }
        }
    }

    /// <summary>The metric names of the sample lines (not the # HELP / # TYPE comments) of a Prometheus text exposition.</summary>
    private static HashSet<string> SampleNames(string exposition) =>
        SampleLine().Matches(exposition).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>The label names of each sample of <paramref name="metric"/>.</summary>
    private static IEnumerable<HashSet<string>> SampleLabels(string exposition, string metric) =>
        SampleLine().Matches(exposition)
            .Where(m => m.Groups["name"].Value == metric)
            .Select(m => LabelName().Matches(m.Groups["labels"].Value).Select(l => l.Groups[1].Value).ToHashSet(StringComparer.Ordinal));

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^}]*)\})? ", RegexOptions.Multiline)]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""")]
    private static partial Regex LabelName();
}
