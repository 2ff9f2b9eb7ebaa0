using Fleet.Testing.Configuration;
using Fleet.Testing.Processes;
using Fleet.Testing.Protocol;
using Fleet.Testing.Tls;

namespace Fleet.Testing;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, running in its own temporary directory, for tests.
/// Each instance is independent, so test classes may start their own servers in parallel.
/// </summary>
/// <remarks>
/// The server runs as a child process (not daemonized) from a generated <c>redis.conf</c>.
/// Dispose it to kill the process and delete the directory.
/// </remarks>
public sealed partial class RedisServer : IAsyncDisposable
{
    private const string Loopback = "127.0.0.1";

    private readonly RedisServerOptions _options;
    private readonly string _executable;
    private readonly TlsFiles? _tls;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private volatile RedisProcess? _process;
    private bool _disposed;

    private RedisServer(RedisServerOptions options, string executable, string dataDirectory, TlsFiles? tls)
    {
        _options = options;
        _executable = executable;
        DataDirectory = dataDirectory;
        _tls = tls;
    }

    /// <summary>The address the server binds: always <c>127.0.0.1</c>.</summary>
    public string Host { get; } = Loopback;

    /// <summary>The port clients use: the TLS port for a TLS server. It stays the same across <see cref="RestartAsync"/>.</summary>
    public int Port { get; private set; }

    /// <summary>The server's temporary working directory (config, log, AOF, certificates); deleted on dispose.</summary>
    public string DataDirectory { get; }

    /// <summary>Whether the redis-server process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>
    /// The connection URL: <c>redis://127.0.0.1:PORT</c>, with <c>:PASSWORD@</c> (or <c>USER:PASSWORD@</c> when
    /// <see cref="RedisServerOptions.User"/> is set; URL-escaped) when a password is set, and the <c>rediss</c> scheme for a
    /// TLS server.
    /// </summary>
    public string Url => _options.Password is null
        ? $"{Scheme}://{Host}:{Port}"
        : $"{Scheme}://{Uri.EscapeDataString(_options.User ?? string.Empty)}:{Uri.EscapeDataString(_options.Password)}@{Host}:{Port}";

    /// <summary>The PEM file of the CA that signed the server certificate; <see langword="null"/> unless TLS.</summary>
    public string? CaCertificatePath => _tls?.CaCertificatePath;

    private string Scheme => _tls is null ? "redis" : "rediss";

    private string ConfigPath => Path.Combine(DataDirectory, RedisConfigFile.ConfigFileName);

    private string LogPath => Path.Combine(DataDirectory, RedisConfigFile.LogFileName);

    private RedisEndpoint Endpoint => new(Host, Port, _options.Password, CaCertificatePath, _options.User);

    /// <summary>Starts a server and waits until it answers PING.</summary>
    /// <param name="options">How to configure it; <see langword="null"/> for a plain server.</param>
    /// <param name="cancellationToken">Cancels the start; the half-started server is cleaned up.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="InvalidOperationException">
    /// <c>redis-server</c> is not on <c>PATH</c> (the message says how to install it), or the server did not
    /// become ready (the message holds the tail of <c>redis.log</c>).
    /// </exception>
    public static Task<RedisServer> StartAsync(RedisServerOptions? options = null, CancellationToken cancellationToken = default) =>
        StartWithPortsAsync(options, FreePort.Next, cancellationToken);

    /// <summary>Starts a server on the first port from <paramref name="nextPort"/> it can bind; tests inject taken ports.</summary>
    internal static async Task<RedisServer> StartWithPortsAsync(RedisServerOptions? options, Func<int> nextPort, CancellationToken cancellationToken)
    {
        options ??= new RedisServerOptions();
        var executable = ExecutableLocator.Find(ExecutableLocator.RedisServer);
        var directory = Directory.CreateTempSubdirectory("fleet-redis-").FullName;
        RedisServer? server = null;
        try
        {
            var tls = options.Tls ? TestCertificateAuthority.WritePemFiles(directory, TimeProvider.System) : null;
            server = new RedisServer(options, executable, directory, tls);
            await server.StartOnFreePortAsync(nextPort, cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            if (server is null)
            {
                await DeleteDirectoryAsync(directory).ConfigureAwait(false);
            }
            else
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>The URL for an ACL user: <c>redis[s]://USER:PASSWORD@127.0.0.1:PORT</c>, both URL-escaped.</summary>
    /// <param name="user">The ACL user name.</param>
    /// <param name="password">The user's password.</param>
    /// <returns>The connection URL.</returns>
    public string UrlFor(string user, string password) =>
        $"{Scheme}://{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password)}@{Host}:{Port}";

    /// <summary>Kills the server if it is running and deletes its directory. Never throws; safe to call twice.</summary>
    /// <returns>A task that completes when the process is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await ReleaseProcessAsync().ConfigureAwait(false);
            await DeleteDirectoryAsync(DataDirectory).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"redis-server {Url} ({DataDirectory})";

    private static async Task DeleteDirectoryAsync(string directory)
    {
        // A forked AOF-rewrite child may still be finishing a file: retry briefly, then leave it to the OS temp cleaner.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }

                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }
    }
}
