using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Fleet.Testing;
using Fleet.Testing.Processes;

namespace Fleet.Deploy.Tests.Prometheus;

/// <summary>
/// Every metric alerts.yml reads is one a service really exports, with the labels the rule groups by: a dead-letter-reaper
/// process (leading the alert evaluator, so its <c>fleet_alerts_*</c> gauges report, on a redis-server with maxmemory
/// set, so the memory ratio does too) consumes one malformed entry, which its group dead-letters; then its
/// <c>/metrics</c> holds every name. A metric renamed in the code, or a tag renamed, fails here instead of leaving a rule
/// that never fires.
/// </summary>
public sealed partial class AlertMetricNamesIntegrationTests
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task AlertRules_EveryMetricAndGroupingLabel_ExportedByTheServices()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var rules = AlertRuleFile.Rules();
        var names = rules.SelectMany(r => r.FleetMetrics).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(names);

        await using var redis = await RedisServer.StartAsync(
            new RedisServerOptions { ExtraConfig = new Dictionary<string, string> { ["maxmemory"] = "256mb", ["maxmemory-policy"] = "noeviction" } },
            cancellationToken);
        var port = FreePort.Next();
        var output = new ConcurrentQueue<string>();
        await using var reaper = DotnetProcess.Start(
            ServiceBinaries.DllOf(ServiceBinaries.DeadLetterReaper),
            [],
            new Dictionary<string, string?>
            {
                ["REDIS_URL"] = redis.Url,
                ["ConnectionStrings__Redis"] = null,
                ["Fleet__Http__Port"] = port.ToString(CultureInfo.InvariantCulture),
                ["Fleet__Events__InstanceName"] = "alert-metrics-check",
                ["Alerts__Interval"] = "00:00:01",
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
            },
            output.Enqueue,
            output.Enqueue);
        var baseUrl = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";

        // Its group on system.events exists once it is ready; an entry added before could be behind the group's start.
        await Eventually.TrueAsync(async () => reaper.Exit.IsCompleted || await ReadyAsync(baseUrl), "the dead-letter-reaper is ready", StartLimit);
        Assert.False(reaper.Exit.IsCompleted, $"The dead-letter-reaper exited:\n{string.Join('\n', output)}");
        await redis.CliAsync("XADD", "fleet:{system.events}", "*", "not-an-envelope", "1");

        // The names not on /metrics yet, as text so a timeout's message lists them.
        var body = string.Empty;
        var missing = await Eventually.UntilAsync(
            async () =>
            {
                body = await MetricsAsync(baseUrl);
                var exported = SampleNames(body);
                return string.Join(", ", names.Where(name => !exported.Contains(name)).Order(StringComparer.Ordinal));
            },
            absent => absent.Length == 0 || reaper.Exit.IsCompleted,
            "every metric alerts.yml reads is on the dead-letter-reaper's /metrics (the last value lists those still missing)",
            StartLimit);
        Assert.True(missing.Length == 0, $"Not exported: {missing}\n{string.Join('\n', output.TakeLast(30))}");

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

    private static async Task<bool> ReadyAsync(string baseUrl)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(baseUrl + "/health/ready"), TestContext.Current.CancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Not listening yet.
            return false;
        }
    }

    private static async Task<string> MetricsAsync(string baseUrl)
    {
        try
        {
            return await Http.GetStringAsync(new Uri(baseUrl + "/metrics"), TestContext.Current.CancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Busy: read again.
            return string.Empty;
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
