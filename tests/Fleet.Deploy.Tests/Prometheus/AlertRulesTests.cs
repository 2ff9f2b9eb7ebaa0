using YamlDotNet.RepresentationModel;

namespace Fleet.Deploy.Tests.Prometheus;

/// <summary>
/// The shape every rule of alerts.yml promises (docs/deploy/alerts.md): a <c>for:</c>, a severity, a summary and a
/// description that name the stream, group or service it grouped by; and unit tests in alerts.test.yml that see it
/// fire and see it stay quiet.
/// </summary>
public sealed class AlertRulesTests
{
    private static readonly IReadOnlyList<AlertRule> Rules = AlertRuleFile.Rules();

    public static TheoryData<string> RuleNames() => [.. Rules.Select(r => r.Name)];

    [Fact]
    public void Rules_SeedThresholdsServiceDownAndNotReading_AllThere()
    {
        Assert.Equal(
            ["FleetConsumerGroupNotReading", "FleetConsumerLagHigh", "FleetDeadLetterDepthHigh", "FleetErrorRateHigh", "FleetInstanceDown",
             "FleetRedisMemoryHigh", "FleetRedisMemoryNotMeasured", "FleetServiceDown", "FleetStreamDepthHigh"],
            Rules.Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Rule_ForSeverityAndAnnotations_NameWhatItGroupsBy(string name)
    {
        var rule = Rules.Single(r => r.Name == name);

        Assert.False(string.IsNullOrWhiteSpace(rule.For), $"{name} has no `for:`: one bad scrape would page.");
        Assert.Contains(rule.Labels.GetValueOrDefault("severity"), (string[])["critical", "warning"]);
        var text = rule.Annotations.GetValueOrDefault("summary", string.Empty) + rule.Annotations.GetValueOrDefault("description", string.Empty);
        Assert.False(string.IsNullOrWhiteSpace(rule.Annotations.GetValueOrDefault("summary")), $"{name} has no summary.");
        Assert.False(string.IsNullOrWhiteSpace(rule.Annotations.GetValueOrDefault("description")), $"{name} has no description.");
        foreach (var label in rule.GroupingLabels)
        {
            Assert.True(text.Contains($"$labels.{label}", StringComparison.Ordinal), $"{name} groups by {label} but its annotations do not name it.");
        }
    }

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void UnitTests_Rule_SeenFiringAndSeenQuiet(string name)
    {
        var cases = AlertRuleFile.Sequence(AlertRuleFile.Load("alerts.test.yml"), "tests")
            .SelectMany(test => AlertRuleFile.Sequence(test, "alert_rule_test"))
            .Where(check => AlertRuleFile.Scalar(check, "alertname") == name)
            .Select(check => check.Children.TryGetValue(new YamlScalarNode("exp_alerts"), out var expected) && expected is YamlSequenceNode alerts ? alerts.Children.Count : 0)
            .ToList();

        Assert.True(cases.Any(count => count > 0), $"alerts.test.yml never sees {name} fire.");
        Assert.True(cases.Any(count => count == 0), $"alerts.test.yml never sees {name} stay quiet.");
    }
}
