using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Fleet.Testing;
using Fleet.Testing.Processes;

namespace Fleet.Ctl.Tests;

/// <summary>
/// A Fleet service started as its real process (<c>services/&lt;name&gt;/bin/…/Fleet.&lt;Name&gt;.dll</c>) on a free HTTP port,
/// ready once <c>/health/ready</c> answers 200; its output is kept for the failure message.
/// </summary>
internal sealed class ServiceUnderTest : IAsyncDisposable
{
    private static readonly TimeSpan ProbePause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(90);

    private readonly ConcurrentQueue<string> _lines = new();
    private readonly string _name;
    private DotnetProcess? _process;

    private ServiceUnderTest(string name, int port)
    {
        _name = name;
        Url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>Its HTTP base URL.</summary>
    public string Url { get; }

    /// <summary>Starts <paramref name="name"/> with <paramref name="environment"/> and waits until it is ready.</summary>
    public static async Task<ServiceUnderTest> StartAsync(string name, IReadOnlyDictionary<string, string?> environment)
    {
        var port = FreePort.Next();
        var service = new ServiceUnderTest(name, port);
        var variables = new Dictionary<string, string?>(environment)
        {
            ["Fleet__Http__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["OTEL_SDK_DISABLED"] = "true",
        };
        service._process = DotnetProcess.Start(ServiceBinaries.DllOf(name), [], variables, service._lines.Enqueue, service._lines.Enqueue);
        await service.WaitReadyAsync();
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    private async Task WaitReadyAsync()
    {
        var process = _process!;
        using var http = new HttpClient();
        try
        {
            await Eventually.TrueAsync(async () => process.Exit.IsCompleted || await IsReadyAsync(http), $"{_name} answers 200 on /health/ready", ReadyLimit);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{string.Join('\n', _lines.TakeLast(40))}", e);
        }

        if (process.Exit.IsCompleted)
        {
            throw new InvalidOperationException($"{_name} exited with {await process.Exit} before it was ready:\n{string.Join('\n', _lines.TakeLast(40))}");
        }
    }

    private async Task<bool> IsReadyAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(Url + "/health/ready"), TestContext.Current.CancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return true;
            }
        }
        catch (HttpRequestException)
        {
            // Not listening yet.
        }

        // Pacing, not proof: each probe costs the starting service a health run.
        await Task.Delay(ProbePause, TestContext.Current.CancellationToken);
        return false;
    }
}
