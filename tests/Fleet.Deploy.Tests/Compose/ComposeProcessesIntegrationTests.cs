using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Fleet.Testing;
using Fleet.Testing.Acl;
using Fleet.Testing.Postgres;
using Fleet.Testing.Processes;
using Npgsql;

namespace Fleet.Deploy.Tests.Compose;

/// <summary>
/// Each Fleet service started as a local process with the environment docker-compose.yml gives its container: the
/// variables interpolated from a generated .env, the hosts redis, postgres and jaeger mapped to this test's loopback
/// servers, the volume paths under a temporary directory, and Redis reached as the service's own ACL user on a
/// redis-server loaded with the ACL file render-acl.sh makes from deploy/redis/users.acl. Each must become ready, answer
/// its own <c>--health-check</c> with exit code 0, and stop with 0 on SIGTERM. (The outbox directory is created only
/// when a publish first spools, so its <c>{instance}</c> path is checked by Fleet.Hosting's OutboxDirectoryTests.)
/// </summary>
public sealed class ComposeProcessesIntegrationTests : IAsyncLifetime
{
    /// <summary>A failure guard for a start on a busy machine (six .NET processes and the ONNX model at once); never a measure.</summary>
    private static readonly TimeSpan ReadyGuard = TimeSpan.FromMinutes(4);

    private readonly string _root = Directory.CreateTempSubdirectory("fleet-compose-").FullName;
    private FleetAclFile? _acl;
    private RedisServer? _redis;
    private PostgresServer? _postgres;

    public async ValueTask InitializeAsync()
    {
        _acl = await FleetAclFile.RenderAsync(TestContext.Current.CancellationToken);
        _redis = await _acl.StartServerAsync(TestContext.Current.CancellationToken);
        _postgres = await PostgresServer.StartAsync(TestContext.Current.CancellationToken);
        await using var connection = new NpgsqlConnection(_postgres.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var create = new NpgsqlCommand("CREATE DATABASE fleet_archive", connection);
        await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        _acl?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task EveryFleetService_ComposeEnvironment_ReadyUnderItsOwnAclUserAndStopsCleanly()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var variables = DotEnv();
        var services = ComposeFile.FleetServices.Select(name => Start(name, variables)).ToList();
        await using var stop = new ProcessesStop(services.Select(s => s.Process));

        await Task.WhenAll(services.Select(s => WaitReadyAsync(s, cancellation)));

        // Each connected as itself: CLIENT LIST names the ACL user of every connection.
        var clients = await _redis!.CliAsync("CLIENT", "LIST");
        Assert.All(ComposeFile.FleetServices, name => Assert.Contains($" user={name} ", clients, StringComparison.Ordinal));
        // The container's HEALTHCHECK: the same binary, the same environment, --health-check.
        var checks = await Task.WhenAll(services.Select(s => HealthCheckAsync(s, cancellation)));
        Assert.All(checks, check => Assert.True(check.ExitCode == 0, $"{check.Service} --health-check exited {check.ExitCode}: {check.Output}"));
        var exits = await Task.WhenAll(services.Select(s => s.Process.TerminateAsync(TimeSpan.FromMinutes(1))));
        Assert.All(services.Zip(exits), pair => Assert.True(pair.Second == 0, $"{pair.First.Name} exited {pair.Second} on SIGTERM: {pair.First.Tail}"));
    }

    /// <summary>The variables of a .env made as deploy/docker/new-env.sh makes it: .env.example's values, a secret for each empty one.</summary>
    private Dictionary<string, string> DotEnv()
    {
        var variables = EnvExample.Variables.ToDictionary(v => v.Key, v => v.Value.Length > 0 ? v.Value : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), StringComparer.Ordinal);
        foreach (var (name, password) in _acl!.PasswordVariables)
        {
            variables[name] = password;
        }

        return variables;
    }

    private RunningService Start(string name, IReadOnlyDictionary<string, string> variables)
    {
        var volumes = Path.Combine(_root, name);
        var port = FreePort.Next();
        var output = new ConcurrentQueue<string>();
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // The test machine's own settings must not reach the service.
            ["REDIS_URL"] = null,
            ["Fleet__Events__KeyPrefix"] = null,
            ["Fleet__Events__InstanceName"] = null,
        };
        foreach (var (variable, value) in ComposeFile.Repository.Services[name].Environment)
        {
            environment[variable] = ToLoopback(variable, ComposeInterpolation.Apply(value, variables), port, volumes);
        }

        // What the image provides: the volume mount points, owned by the service's user.
        Directory.CreateDirectory(Path.Combine(volumes, "var", "lib", "fleet", "outbox"));
        Directory.CreateDirectory(Path.Combine(volumes, "var", "lib", "fleet", "uploads"));
        var process = DotnetProcess.Start(ServiceBinaries.DllOf(name), [], environment, line => Keep(output, line), line => Keep(output, line));
        return new RunningService(name, port, volumes, environment, process, output);
    }

    /// <summary>A compose value as it must be on this machine: container hosts to the test's servers, volume paths under the test's directory.</summary>
    private string ToLoopback(string variable, string value, int port, string volumes) => variable switch
    {
        "Fleet__Http__Port" => port.ToString(CultureInfo.InvariantCulture),
        "ConnectionStrings__Redis" => value.Replace("@redis:6379", $"@127.0.0.1:{_redis!.Port}", StringComparison.Ordinal),
        "ConnectionStrings__Archive" => new NpgsqlConnectionStringBuilder(value) { Host = "127.0.0.1", Port = _postgres!.Port }.ConnectionString,
        // Nothing listens there: the exporter's failures are its own, as when Jaeger is down.
        "OTEL_EXPORTER_OTLP_ENDPOINT" => value.Replace("//jaeger:", "//127.0.0.1:", StringComparison.Ordinal).Replace(":4317", $":{FreePort.Next()}", StringComparison.Ordinal),
        _ when value.StartsWith("/var/lib/fleet/", StringComparison.Ordinal) => volumes + value,
        _ => value,
    };

    private static async Task WaitReadyAsync(RunningService service, CancellationToken cancellation)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        guard.CancelAfter(ReadyGuard);
        var last = "no answer yet";
        while (true)
        {
            Assert.False(service.Process.Exit.IsCompleted, $"{service.Name} exited with {(service.Process.Exit.IsCompleted ? service.Process.Exit.Result : 0)} before it was ready: {service.Tail}");
            Assert.False(guard.IsCancellationRequested, $"{service.Name} not ready after {ReadyGuard} ({last}): {service.Tail}");
            try
            {
                using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{service.Port}/health/ready"), guard.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(guard.Token)}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
            {
                last = e.Message;
            }

            // Poll again soon, unless the process ends first.
            await Task.WhenAny(service.Process.Exit, Task.Delay(TimeSpan.FromMilliseconds(250), CancellationToken.None));
        }
    }

    private static async Task<(string Service, int ExitCode, string Output)> HealthCheckAsync(RunningService service, CancellationToken cancellation)
    {
        var output = new ConcurrentQueue<string>();
        await using var check = DotnetProcess.Start(ServiceBinaries.DllOf(service.Name), [FleetHealthCheckArgument], service.Environment, output.Enqueue, output.Enqueue);
        var code = await check.Exit.WaitAsync(TimeSpan.FromMinutes(1), cancellation);
        return (service.Name, code, string.Join(" | ", output));
    }

    private static void Keep(ConcurrentQueue<string> output, string line)
    {
        output.Enqueue(line);
        while (output.Count > 30 && output.TryDequeue(out _))
        {
        }
    }

    private const string FleetHealthCheckArgument = "--health-check";

    private sealed record RunningService(string Name, int Port, string Volumes, IReadOnlyDictionary<string, string?> Environment, DotnetProcess Process, ConcurrentQueue<string> Output)
    {
        public string Tail => string.Join(" | ", Output);
    }

    /// <summary>Disposes (kills, when still running) every started process, even when an assertion failed first.</summary>
    private sealed class ProcessesStop(IEnumerable<DotnetProcess> processes) : IAsyncDisposable
    {
        private readonly List<DotnetProcess> _processes = [.. processes];

        public async ValueTask DisposeAsync()
        {
            foreach (var process in _processes)
            {
                await process.DisposeAsync();
            }
        }
    }
}
