using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Fleet.Testing;
using Fleet.Testing.Processes;

namespace Fleet.Deploy.Tests.Kubernetes;

/// <summary>
/// A service started as <c>dotnet Fleet.&lt;Name&gt;.dll</c> with the environment its Deployment gives its container, changed
/// only where this machine differs from a pod: Redis on loopback, the HTTP port free, each volume a directory, no OTLP
/// collector. Dispose SIGKILLs it.
/// </summary>
internal sealed class ManifestProcess : IAsyncDisposable
{
    private const int TailLines = 40;
    private const int StartAttempts = 3;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private readonly ConcurrentQueue<string> _tail = new();
    private DotnetProcess? _process;

    private ManifestProcess(string service, int httpPort)
    {
        Service = service;
        HttpPort = httpPort;
    }

    public string Service { get; }

    public int HttpPort { get; }

    /// <summary>The last lines it wrote, for failure messages.</summary>
    public string Tail => string.Join('\n', _tail);

    /// <summary>Starts the service of <paramref name="deployment"/> with its container environment and waits until <c>/health/ready</c> answers 200.</summary>
    public static async Task<ManifestProcess> StartAsync(
        RenderedManifests rendered, Manifest deployment, TestSecrets secrets, string redisAddress, string directory, TimeSpan readyLimit)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var process = new ManifestProcess(deployment.Name, port);
            process.Start(rendered, deployment, secrets, redisAddress, directory);
            try
            {
                await process.WaitReadyAsync(readyLimit);
                return process;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && process.Tail.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await process.DisposeAsync();
            }
            catch
            {
                await process.DisposeAsync();
                throw;
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

    private void Start(RenderedManifests rendered, Manifest deployment, TestSecrets secrets, string redisAddress, string directory)
    {
        var local = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["FLEET_REDIS_ADDRESS"] = redisAddress,
            ["Fleet__Http__Port"] = HttpPort.ToString(CultureInfo.InvariantCulture),
        };
        var environment = ContainerEnvironment.Of(rendered, deployment, secrets.Get, local);
        var unexpanded = environment.Where(e => e.Value.Contains("$(", StringComparison.Ordinal)).Select(e => e.Key).ToList();
        Assert.True(unexpanded.Count == 0, $"{deployment}: {string.Join(", ", unexpanded)} refer to variables the container does not have.");

        // Each mounted volume is a directory here; a setting naming a path under a mount names the same path under it.
        foreach (var mount in deployment.Container.Items("volumeMounts"))
        {
            var mountPath = mount.Text("mountPath")!;
            var path = Path.Combine(directory, deployment.Name, mount.Text("name")!);
            Directory.CreateDirectory(path);
            foreach (var (name, value) in environment.ToList())
            {
                if (value == mountPath || value.StartsWith(mountPath + "/", StringComparison.Ordinal))
                {
                    environment[name] = path + value[mountPath.Length..];
                }
            }
        }

        var variables = environment.ToDictionary(e => e.Key, string? (e) => e.Value, StringComparer.Ordinal);
        variables["OTEL_EXPORTER_OTLP_ENDPOINT"] = null;
        variables["REDIS_URL"] = null;
        _process = DotnetProcess.Start(ServiceBinaries.DllOf(deployment.Name), [], variables, Record, Record);
    }

    private async Task WaitReadyAsync(TimeSpan limit)
    {
        var url = new Uri($"http://127.0.0.1:{HttpPort}/health/ready");
        await Eventually.TrueAsync(
            async () =>
            {
                if (_process!.Exit.IsCompleted)
                {
                    throw new InvalidOperationException($"{Service} exited with {await _process.Exit} before it was ready:\n{Tail}");
                }

                try
                {
                    using var response = await Http.GetAsync(url);
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException)
                {
                    return false;
                }
            },
            $"{Service} answers 200 on {url}",
            limit);
    }

    private void Record(string line)
    {
        _tail.Enqueue(line);
        while (_tail.Count > TailLines)
        {
            _tail.TryDequeue(out _);
        }
    }
}
