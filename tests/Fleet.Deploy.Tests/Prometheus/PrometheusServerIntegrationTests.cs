using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Fleet.Testing;
using Fleet.Testing.Processes;

namespace Fleet.Deploy.Tests.Prometheus;

/// <summary>
/// A real Prometheus server (the prometheus package's, the one promtool comes with) loads alerts.yml and scrapes the
/// <see cref="ReaperMetricsFixture"/>'s dead-letter-reaper, as Compose's does (the job named as the service, the target
/// a loopback address instead of DNS): every rule evaluates on the real exposition without an error (no many-to-many
/// match, no bad label set), and the alerts the situation calls for are pending: FleetServiceDown for each service
/// not running, not for the reaper; the memory ratio measured, so FleetRedisMemoryNotMeasured is not.
/// </summary>
[Collection(SharedReaperMetrics.Name)]
public sealed class PrometheusServerIntegrationTests(ReaperMetricsFixture reaper)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task AlertRules_OnARealScrape_EvaluateWithoutErrorAndPendForTheServicesNotRunning()
    {
        var directory = Directory.CreateTempSubdirectory("fleet-prometheus-").FullName;
        var port = FreePort.Next();
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 2s
              scrape_timeout: 2s
              evaluation_interval: 2s
            rule_files:
              - {Path.Combine(Promtool.Directory, "alerts.yml")}
            scrape_configs:
              - job_name: {ServiceBinaries.DeadLetterReaper}
                static_configs:
                  - targets: ["127.0.0.1:{reaper.Port.ToString(CultureInfo.InvariantCulture)}"]
            """, TestContext.Current.CancellationToken);
        var info = new ProcessStartInfo(Promtool.FindOnPath("prometheus"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("--config.file=" + config);
        info.ArgumentList.Add("--storage.tsdb.path=" + Path.Combine(directory, "data"));
        info.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var log = new ConcurrentQueue<string>();
        using var prometheus = Process.Start(info) ?? throw new InvalidOperationException("prometheus did not start.");
        prometheus.OutputDataReceived += (_, e) => log.Enqueue(e.Data ?? string.Empty);
        prometheus.ErrorDataReceived += (_, e) => log.Enqueue(e.Data ?? string.Empty);
        prometheus.BeginOutputReadLine();
        prometheus.BeginErrorReadLine();
        try
        {
            var api = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/api/v1/";
            string[] others = [ServiceBinaries.EmbeddingGenerator, ServiceBinaries.EventGateway, ServiceBinaries.FileProcessor, ServiceBinaries.MarketMonitor, ServiceBinaries.Notifier];

            // The state: the reaper scraped, every rule evaluated since, and the alerts that follow from it.
            var state = await Eventually.UntilAsync(
                async () => prometheus.HasExited ? "prometheus exited" : await StateAsync(api),
                observed => observed == "prometheus exited"
                    || (observed.StartsWith("up=1;evaluated=True;", StringComparison.Ordinal)
                        && observed.Contains(";ServiceDown=" + string.Join(',', others) + ";", StringComparison.Ordinal)
                        && !observed.Contains("FleetRedisMemoryNotMeasured", StringComparison.Ordinal)),
                "Prometheus scrapes the reaper, evaluates every rule, FleetServiceDown pends for exactly the five services not running and the memory ratio is measured (last value: up, rule errors, alerts)",
                Limit);

            Assert.True(!prometheus.HasExited, $"prometheus exited:\n{string.Join('\n', log.TakeLast(20))}");
            Assert.True(state.Contains(";errors=;", StringComparison.Ordinal), $"A rule fails to evaluate on the real scrape: {state}");
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync(TestContext.Current.CancellationToken);
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// <c>up=…;errors=…;ServiceDown=…;others=…;</c>: the reaper's <c>up</c>, the rules whose last evaluation failed (with
    /// the error), the jobs FleetServiceDown pends or fires for, and the other alerts pending or firing, each sorted.
    /// </summary>
    private static async Task<string> StateAsync(string api)
    {
        try
        {
            using var up = await JsonAsync(api + "query?query=up");
            var upValue = up.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
                .Select(r => r.GetProperty("value")[1].GetString()).FirstOrDefault() ?? "none";

            using var rules = await JsonAsync(api + "rules");
            var evaluated = rules.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
                .SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
            var errors = evaluated
                .Where(r => r.GetProperty("health").GetString() != "ok" && r.GetProperty("health").GetString() != "unknown")
                .Select(r => $"{r.GetProperty("name").GetString()}: {(r.TryGetProperty("lastError", out var e) ? e.GetString() : "?")}");

            using var alerts = await JsonAsync(api + "alerts");
            var active = alerts.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray()
                .Select(a => a.GetProperty("labels"))
                .Select(l => (Name: l.GetProperty("alertname").GetString()!, Job: l.TryGetProperty("job", out var j) ? j.GetString() : null))
                .ToList();
            var serviceDown = active.Where(a => a.Name == "FleetServiceDown").Select(a => a.Job).Order(StringComparer.Ordinal);
            var otherAlerts = active.Where(a => a.Name != "FleetServiceDown").Select(a => a.Name).Order(StringComparer.Ordinal);

            // Evaluated since the reaper's first scrape: a rule whose health is still "unknown" has not run yet.
            var allEvaluated = evaluated.Count > 0 && evaluated.All(r => r.GetProperty("health").GetString() != "unknown");
            return $"up={upValue};evaluated={allEvaluated};errors={string.Join('|', errors)};ServiceDown={string.Join(',', serviceDown)};others={string.Join(',', otherAlerts)};";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return "not answering: " + e.Message;
        }
    }

    private static async Task<JsonDocument> JsonAsync(string url)
    {
        await using var body = await ReaperMetricsFixture.Http.GetStreamAsync(new Uri(url), TestContext.Current.CancellationToken);
        return await JsonDocument.ParseAsync(body, cancellationToken: TestContext.Current.CancellationToken);
    }
}
