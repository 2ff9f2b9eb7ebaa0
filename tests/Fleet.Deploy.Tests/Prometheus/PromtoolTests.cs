namespace Fleet.Deploy.Tests.Prometheus;

/// <summary>
/// promtool's own checks of deploy/prometheus, run by <c>make test</c> so they count in its summary line: the compose
/// scrape config and the rule file it loads are valid, and alerts.test.yml's unit tests pass. The mutation cases show
/// those unit tests pin each rule: moving a threshold or a filter by a step makes them fail.
/// </summary>
public sealed class PromtoolTests
{
    [Fact]
    public async Task CheckConfig_ComposeScrapeConfig_ValidAndLoadsTheAlertRules()
    {
        var run = await Promtool.RunAsync(["check", "config", "prometheus.yml"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("SUCCESS: 1 rule files found", run.Output, StringComparison.Ordinal);
        Assert.Contains($"SUCCESS: {AlertRuleFile.Rules().Count} rules found", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckRules_AlertRules_Valid()
    {
        var run = await Promtool.RunAsync(["check", "rules", "alerts.yml"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"SUCCESS: {AlertRuleFile.Rules().Count} rules found", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestRules_UnitTestsOfEveryRule_Pass()
    {
        var run = await Promtool.RunAsync(["test", "rules", "alerts.test.yml"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("SUCCESS", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("> 1000\n", "> 999\n")] // consumer lag
    [InlineData("> 10000\n", "> 9999\n")] // stream and dead-letter depth
    [InlineData("> 0.05\n", ">= 0.05\n")] // error rate
    [InlineData("> 0.8\n", ">= 0.8\n")] // memory
    [InlineData("outcome=~\"acked|retry_later|dead_lettered\"", "outcome!=\"released\"")] // deliveries that count
    [InlineData("increase(fleet_events_consumed_total{outcome!=\"released\"}[10m])", "increase(fleet_events_consumed_total[10m])")] // not reading
    [InlineData("or absent(up{job=\"notifier\"})\n", "\n")] // a service with no replica left
    [InlineData("for: 5m", "for: 4m")] // how long a threshold must hold
    public async Task TestRules_RuleMovedByOneStep_UnitTestsFail(string written, string mutated)
    {
        var rules = await File.ReadAllTextAsync(Path.Combine(Promtool.Directory, "alerts.yml"), TestContext.Current.CancellationToken);
        Assert.Contains(written, rules, StringComparison.Ordinal);
        var directory = Directory.CreateTempSubdirectory("fleet-alerts-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "alerts.yml"), rules.Replace(written, mutated, StringComparison.Ordinal), TestContext.Current.CancellationToken);
            File.Copy(Path.Combine(Promtool.Directory, "alerts.test.yml"), Path.Combine(directory, "alerts.test.yml"));

            var run = await Promtool.RunAsync(["test", "rules", "alerts.test.yml"], directory);

            Assert.True(run.ExitCode != 0, $"The unit tests pass with `{written.Trim()}` changed to `{mutated.Trim()}`:\n{run}");
            Assert.Contains("FAILED", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
