using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Fleet.Testing;
using Fleet.Testing.Processes;

namespace Fleet.Deploy.Tests.Prometheus;

/// <summary>
/// A dead-letter-reaper process serving /metrics with every figure alerts.yml reads: it leads the alert evaluator (so
/// its <c>fleet_alerts_*</c> gauges report), its redis-server has maxmemory set (so the memory ratio reports too), and
/// its group on system.events is given one malformed entry, which it dead-letters and parks.
/// </summary>
public sealed class ReaperMetricsFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(3);
    private readonly ConcurrentQueue<string> _output = new();
    private RedisServer? _redis;
    private DotnetProcess? _reaper;

    /// <summary>Where its endpoints answer, <c>http://127.0.0.1:PORT</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Its HTTP port.</summary>
    public int Port { get; private set; }

    /// <summary>Whether the process has exited (it should not).</summary>
    public bool Exited => _reaper?.Exit.IsCompleted ?? true;

    /// <summary>Its last lines, for failure messages.</summary>
    public string Tail => string.Join('\n', _output.TakeLast(30));

    internal static HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(5) };

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _redis = await RedisServer.StartAsync(
            new RedisServerOptions { ExtraConfig = new Dictionary<string, string> { ["maxmemory"] = "256mb", ["maxmemory-policy"] = "noeviction" } },
            cancellationToken);
        Port = FreePort.Next();
        BaseUrl = $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";
        _reaper = DotnetProcess.Start(
            ServiceBinaries.DllOf(ServiceBinaries.DeadLetterReaper),
            [],
            new Dictionary<string, string?>
            {
                ["REDIS_URL"] = _redis.Url,
                ["ConnectionStrings__Redis"] = null,
                ["Fleet__Http__Port"] = Port.ToString(CultureInfo.InvariantCulture),
                ["Fleet__Events__InstanceName"] = "alert-metrics-check",
                ["Alerts__Interval"] = "00:00:01",
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
            },
            _output.Enqueue,
            _output.Enqueue);

        // Its group on system.events exists once it is ready; an entry added before could be behind the group's start.
        await Eventually.TrueAsync(async () => Exited || await ReadyAsync(), "the dead-letter-reaper is ready", StartLimit);
        if (Exited)
        {
            throw new InvalidOperationException($"The dead-letter-reaper exited:\n{Tail}");
        }

        await _redis.CliAsync("XADD", "fleet:{system.events}", "*", "not-an-envelope", "1");
    }

    /// <summary>GET /metrics; empty while it does not answer.</summary>
    public async Task<string> MetricsAsync()
    {
        try
        {
            return await Http.GetStringAsync(new Uri(BaseUrl + "/metrics"), TestContext.Current.CancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Busy: read again.
            return string.Empty;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_reaper is not null)
        {
            await _reaper.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    private async Task<bool> ReadyAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(BaseUrl + "/health/ready"), TestContext.Current.CancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Not listening yet.
            return false;
        }
    }
}
