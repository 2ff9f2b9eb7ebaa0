using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Fleet.Testing;
using Fleet.Testing.Processes;

namespace Fleet.EventGateway.Tests.Dashboard;

/// <summary>
/// A built service (event-gateway, dead-letter-reaper) run as <c>dotnet Fleet.&lt;Name&gt;.dll</c> on a free loopback port
/// with docs/fleet.md's process contract plus the test's settings, ready once <c>/health/ready</c> answers 200. Its last
/// lines go into failure messages. Dispose SIGKILLs it if it still runs.
/// </summary>
internal sealed class ServiceUnderTest : IAsyncDisposable
{
    private const int TailLines = 80;
    private const int StartAttempts = 3;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private readonly ConcurrentQueue<string> _tail = new();
    private DotnetProcess? _process;

    private ServiceUnderTest(string name, int port)
    {
        Name = name;
        BaseUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    /// <summary>The service's name.</summary>
    public string Name { get; }

    /// <summary>Its HTTP root, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Its last lines of output.</summary>
    public string Tail => string.Join('\n', _tail);

    /// <summary>
    /// Starts <paramref name="service"/> (a folder under services/) with <paramref name="settings"/> and waits until it is
    /// ready; a port another process took meanwhile is chosen again.
    /// </summary>
    public static async Task<ServiceUnderTest> StartAsync(string service, IReadOnlyDictionary<string, string?> settings, TimeSpan readyLimit)
    {
        for (var attempt = 1; ; attempt++)
        {
            var started = new ServiceUnderTest(service, FreePort.Next());
            var environment = new Dictionary<string, string?>(settings, StringComparer.Ordinal)
            {
                ["ConnectionStrings__Redis"] = null,
                ["Fleet__Http__Port"] = started.BaseUrl.Port.ToString(CultureInfo.InvariantCulture),
                ["Fleet__Events__InstanceName"] = service + "-1",
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
                ["OTEL_SERVICE_NAME"] = null,
            };
            started._process = DotnetProcess.Start(ServiceBinaries.DllOf(service), [], environment, started.OnLine, started.OnLine);
            try
            {
                await started.WaitReadyAsync(readyLimit);
                return started;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && started.Tail.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await started.DisposeAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    private async Task WaitReadyAsync(TimeSpan limit)
    {
        var exit = _process!.Exit;
        var ready = new Uri(BaseUrl, "health/ready");
        try
        {
            await Eventually.TrueAsync(async () => exit.IsCompleted || await IsReadyAsync(ready), $"{Name} answers 200 on {ready}", limit);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{Name}'s last lines:\n{Tail}", e);
        }

        if (exit.IsCompleted)
        {
            throw new InvalidOperationException($"{Name} exited with code {await exit} before it was ready:\n{Tail}");
        }
    }

    private static async Task<bool> IsReadyAsync(Uri url)
    {
        try
        {
            using var response = await Http.GetAsync(url, TestContext.Current.CancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Not listening yet, or too busy to answer within the request timeout.
            return false;
        }
    }

    private void OnLine(string line)
    {
        _tail.Enqueue(line);
        while (_tail.Count > TailLines)
        {
            _tail.TryDequeue(out _);
        }
    }
}
