using Fleet.Testing.Processes;

namespace Fleet.Deploy.Tests.Prometheus;

/// <summary>
/// deploy/prometheus/prometheus.yml, the compose deployment's scrape config: every service is scraped on its HTTP port
/// (8080 in containers) by DNS, so each replica of a scaled service is a target, under a job named as the service, and
/// FleetServiceDown knows every one of those jobs (a service with no replica has no target to report it down).
/// </summary>
public sealed class PrometheusConfigTests
{
    private static readonly string[] Services =
    [
        ServiceBinaries.FileProcessor, ServiceBinaries.EmbeddingGenerator, ServiceBinaries.Notifier,
        ServiceBinaries.MarketMonitor, ServiceBinaries.DeadLetterReaper, ServiceBinaries.EventGateway,
    ];

    [Fact]
    public void ScrapeConfig_EveryService_ByDnsOnPort8080AsItsOwnJob()
    {
        var config = AlertRuleFile.Load("prometheus.yml");
        var jobs = AlertRuleFile.Sequence(config, "scrape_configs").ToDictionary(job => AlertRuleFile.Scalar(job, "job_name")!, StringComparer.Ordinal);

        Assert.Equal([.. Services.Append("prometheus").Order(StringComparer.Ordinal)], jobs.Keys.Order(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var service in Services)
        {
            var lookup = Assert.Single(AlertRuleFile.Sequence(jobs[service], "dns_sd_configs"));
            Assert.Equal(("A", "8080"), (AlertRuleFile.Scalar(lookup, "type"), AlertRuleFile.Scalar(lookup, "port")));
            Assert.Equal(service, Assert.Single(((YamlDotNet.RepresentationModel.YamlSequenceNode)lookup.Children["names"]).Children).ToString());
        }
    }

    [Fact]
    public void ScrapeConfig_RuleFiles_TheAlertRules()
    {
        var config = AlertRuleFile.Load("prometheus.yml");

        var ruleFiles = (YamlDotNet.RepresentationModel.YamlSequenceNode)config.Children["rule_files"];
        Assert.Equal("alerts.yml", Assert.Single(ruleFiles.Children).ToString());
    }

    [Fact]
    public void ServiceDownRule_EveryScrapedService_ReportedWhenNoReplicaIsLeft()
    {
        var rule = AlertRuleFile.Rules().Single(r => r.Name == "FleetServiceDown");

        foreach (var service in Services)
        {
            Assert.Contains($"absent(up{{job=\"{service}\"}})", rule.Expression, StringComparison.Ordinal);
        }

        Assert.Contains($"up{{job=~\"{string.Join('|', Services)}\"}}", rule.Expression, StringComparison.Ordinal);
    }
}
