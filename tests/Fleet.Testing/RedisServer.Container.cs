using System.Text;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Fleet.Testing.Configuration;
using Testcontainers.Redis;

namespace Fleet.Testing;

/// <content>
/// Redis in a container (Testcontainers.Redis) where no redis-server is installed and a Docker engine answers, or where
/// <c>FLEET_TEST_REDIS=container</c> asks for it. A plain server only: a test that kills, stops or restarts the server,
/// or asks for TLS or the append-only file, needs a local redis-server process (docs/end-to-end-tests.md).
/// </content>
public sealed partial class RedisServer
{
    /// <summary>The image: the Redis 7 that docker-compose.yml runs.</summary>
    internal const string ContainerImage = "redis:7.4-bookworm";

    private const int ContainerPort = 6379;
    private const string ContainerConfigPath = "/usr/local/etc/redis/redis.conf";

    private RedisContainer? _container;

    /// <summary>Starts a server on <paramref name="backend"/>: a container when it asks for one, or when it is <see cref="RedisBackend.Auto"/> and no redis-server is on PATH.</summary>
    /// <param name="options">How to configure it; <see langword="null"/> for a plain server.</param>
    /// <param name="backend">Where to run it (<see cref="RedisBackendSelection.FromEnvironment"/> for the caller's choice).</param>
    /// <param name="dockerEndpoint">The Docker engine to use; null for the one Testcontainers finds (DOCKER_HOST, the default socket).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    internal static Task<RedisServer> StartWithBackendAsync(RedisServerOptions? options, RedisBackend backend, string? dockerEndpoint, CancellationToken cancellationToken) =>
        RedisBackendSelection.UsesContainer(backend, searchPath: null)
            ? StartInContainerAsync(options ?? new RedisServerOptions(), backend, dockerEndpoint, cancellationToken)
            : StartWithPortsAsync(options, Processes.FreePort.Next, cancellationToken);

    private static async Task<RedisServer> StartInContainerAsync(RedisServerOptions options, RedisBackend backend, string? dockerEndpoint, CancellationToken cancellationToken)
    {
        if (options.Tls || options.AppendOnly)
        {
            throw new InvalidOperationException(
                $"This test asks for {(options.Tls ? "TLS" : "the append-only file")}, which needs a local redis-server process, not a container: " +
                $"install redis-server and leave {RedisBackendSelection.Variable} unset (or set it to local).");
        }

        var directory = Directory.CreateTempSubdirectory("fleet-redis-").FullName;
        var server = new RedisServer(options, "docker", directory, tls: null);
        try
        {
            var config = RedisConfigFile.RenderForContainer(options);
            await File.WriteAllTextAsync(server.ConfigPath, config, cancellationToken).ConfigureAwait(false);
            var builder = new RedisBuilder(ContainerImage)
                .WithResourceMapping(Encoding.UTF8.GetBytes(config), ContainerConfigPath)
                .WithCommand("redis-server", ContainerConfigPath);
            if (options.Password is not null)
            {
                // The module's readiness check runs `redis-cli ping` in the container, which needs the password.
                builder = builder.WithEnvironment("REDISCLI_AUTH", options.Password);
            }

            if (dockerEndpoint is not null)
            {
                builder = builder.WithDockerEndpoint(dockerEndpoint);
            }

            server._container = builder.Build();
            await server._container.StartAsync(cancellationToken).ConfigureAwait(false);
            server.Host = server._container.Hostname;
            server.Port = server._container.GetMappedPublicPort(ContainerPort);
            return server;
        }
        catch (Exception e) when (IsNoEngine(e))
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException(NoEngineMessage(backend, e), e);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>No Docker engine: Testcontainers found none, or the one named does not answer on its socket.</summary>
    private static bool IsNoEngine(Exception e) =>
        e is DockerUnavailableException or HttpRequestException or System.Net.Sockets.SocketException
        || (e.InnerException is { } inner && IsNoEngine(inner));

    private static string NoEngineMessage(RedisBackend backend, Exception e) => backend == RedisBackend.Container
        ? $"{RedisBackendSelection.Variable}=container asks for Redis in a Docker container, but no Docker engine answered ({e.Message}). " +
          $"Start Docker (or point DOCKER_HOST at an engine), or unset {RedisBackendSelection.Variable} to use a local redis-server."
        : $"redis-server was not found on PATH and no Docker engine answered ({e.Message}). Install redis-server " +
          "(apt-get install -y redis-server, or brew install redis), or start Docker so the tests run Redis in a container.";

    /// <summary>Refuses what only a local process can do: kill, stop, restart.</summary>
    private void ThrowIfContainer(string operation)
    {
        if (_container is not null)
        {
            throw new NotSupportedException(
                $"RedisServer.{operation} needs a local redis-server process; this server runs in a container ({RedisBackendSelection.Variable}). " +
                $"Install redis-server and leave {RedisBackendSelection.Variable} unset (or set it to local) to run this test.");
        }
    }

    /// <summary>Runs redis-cli inside the container (the host may have no redis-cli: that is why it runs a container).</summary>
    private async Task<string> ContainerCliAsync(RedisContainer container, string[] args)
    {
        List<string> command = ["redis-cli"];
        if (_options.Password is not null)
        {
            command.AddRange(["--no-auth-warning", "-a", _options.Password]);
        }

        command.AddRange(args);
        var result = await container.ExecAsync(command).ConfigureAwait(false);
        return result.ExitCode == 0
            ? result.Stdout.Trim()
            : throw new InvalidOperationException($"redis-cli {string.Join(' ', args)} exited with code {result.ExitCode} in the container: {result.Stderr.Trim()} {result.Stdout.Trim()}".TrimEnd());
    }

    private async ValueTask DisposeContainerAsync()
    {
        var container = _container;
        _container = null;
        if (container is not null)
        {
            await container.DisposeAsync().ConfigureAwait(false);
        }
    }

    private bool ContainerRunning => _container is { State: TestcontainersStates.Running };
}
