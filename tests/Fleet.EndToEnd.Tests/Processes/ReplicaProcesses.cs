using System.Collections.Concurrent;
using System.Globalization;
using Fleet.EndToEnd.Tests.Fleet;
using Fleet.Testing.Processes;

namespace Fleet.EndToEnd.Tests.Processes;

/// <summary>
/// The child processes of one fleet, by instance name. Each is started with the variables of docs/fleet.md's process
/// contract (<c>REDIS_URL</c>, <c>Fleet__Http__Port</c>, <c>Fleet__Events__InstanceName</c>, OTLP export when a receiver is
/// given) plus its service's own settings; a replica started again keeps its name, as an orchestrator restarts a
/// container. Dispose SIGKILLs whatever still runs.
/// </summary>
/// <param name="redisUrlOf">The Redis URL a process of a service uses (by service name): its own ACL user's.</param>
/// <param name="otlpEndpoint">The OTLP receiver, or null to export nothing.</param>
/// <param name="logDirectory">Where each process's output goes, as <c>&lt;name&gt;.log</c>.</param>
internal sealed class ReplicaProcesses(Func<string, string> redisUrlOf, Uri? otlpEndpoint, string logDirectory) : IAsyncDisposable
{
    private const int StartAttempts = 3;

    private readonly ConcurrentDictionary<string, ServiceProcess> _processes = new();

    public ServiceProcess this[string replica] => _processes[replica];

    /// <summary>Whether <paramref name="replica"/> was started and has not exited.</summary>
    public bool IsRunning(string replica) => _processes.TryGetValue(replica, out var process) && !process.Exit.IsCompleted;

    /// <summary>
    /// Starts <paramref name="replica"/> (again, under the same instance name) with <paramref name="settings"/> and waits until
    /// <c>/health/ready</c> answers 200. A port another process took between choosing and binding it is chosen again.
    /// </summary>
    public async Task<ServiceProcess> StartAsync(Replica replica, IReadOnlyDictionary<string, string?> settings, TimeSpan readyLimit)
    {
        if (_processes.TryRemove(replica.Name, out var previous))
        {
            await previous.DisposeAsync();
        }

        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var process = ServiceProcess.Start(replica.Name, ServiceBinaries.DllOf(replica.Service), port, EnvironmentOf(replica, port, settings), logDirectory);
            _processes[replica.Name] = process;
            try
            {
                await process.WaitReadyAsync(readyLimit);
                return process;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && process.Tail.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await process.DisposeAsync();
            }
        }
    }

    public async ValueTask DisposeAsync() => await Task.WhenAll(_processes.Values.Select(p => p.DisposeAsync().AsTask()));

    private Dictionary<string, string?> EnvironmentOf(Replica replica, int httpPort, IReadOnlyDictionary<string, string?> settings)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["REDIS_URL"] = redisUrlOf(replica.Service),
            ["ConnectionStrings__Redis"] = null,
            ["Fleet__Http__Port"] = httpPort.ToString(CultureInfo.InvariantCulture),
            ["Fleet__Events__InstanceName"] = replica.Name,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint?.AbsoluteUri.TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = otlpEndpoint is null ? null : "http/protobuf",
            ["OTEL_SERVICE_NAME"] = null,
            // Spans leave each process 200 ms after they end, so a test waits on them briefly.
            ["OTEL_BSP_SCHEDULE_DELAY"] = otlpEndpoint is null ? null : "200",
        };
        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }

        return environment;
    }
}
