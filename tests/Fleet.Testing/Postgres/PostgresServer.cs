using System.ComponentModel;
using System.Diagnostics;
using Fleet.Testing.Processes;
using Npgsql;

namespace Fleet.Testing.Postgres;

/// <summary>
/// A real PostgreSQL server (Debian's <c>postgresql</c> package) on a free loopback port, in its own temporary
/// directory, for tests: <c>initdb</c> then <c>postgres</c> as a child process (never daemonized, so it can be killed).
/// </summary>
/// <remarks>
/// PostgreSQL refuses to run as root, so when the tests run as root (CI, containers) both programs run as the
/// <c>postgres</c> user the Debian package creates, through <c>setpriv</c> (which execs, so the child is the server
/// itself). Durability is traded for speed (<c>fsync=off</c>): the data lives as long as one test run.
/// </remarks>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The superuser the cluster is created with (trust authentication on loopback only).</summary>
    public const string User = "fleet";

    private const string Loopback = "127.0.0.1";
    private const string ServiceUser = "postgres";
    private const int MaxPortAttempts = 5;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly string _binaries;
    private readonly OutputTail _output = new(40);
    private Process? _process;
    private int _databases;

    private PostgresServer(string binaries, string directory)
    {
        _binaries = binaries;
        Directory = directory;
    }

    /// <summary>The server's port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>The temporary directory holding the cluster (deleted on dispose).</summary>
    public string Directory { get; }

    /// <summary>Whether the server process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>A connection string to the <c>postgres</c> database as the superuser.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    /// <summary>Creates a cluster in a new temporary directory and starts the server on a free loopback port.</summary>
    /// <param name="cancellationToken">Cancels waiting for the server.</param>
    /// <returns>The running server, accepting connections.</returns>
    /// <exception cref="InvalidOperationException">PostgreSQL is not installed, or did not start; the message holds its output.</exception>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var binaries = PostgresBinaries.Directory();
        var directory = Path.Combine(Path.GetTempPath(), "fleet-pg-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var server = new PostgresServer(binaries, directory);
        try
        {
            await server.InitializeClusterAsync(cancellationToken).ConfigureAwait(false);
            await server.LaunchAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A connection string to <paramref name="database"/> as the superuser.</summary>
    /// <param name="database">The database name.</param>
    /// <returns>The connection string.</returns>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = Loopback,
            Port = Port,
            Username = User,
            Database = database,
            Pooling = true,
        }.ConnectionString;

    /// <summary>
    /// Creates a new empty database with a unique name (<paramref name="prefix"/> and a counter), so test classes
    /// sharing one server do not see each other's tables.
    /// </summary>
    /// <param name="prefix">A readable start of the name (lower-case letters, digits, underscores).</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The connection string to the new database.</returns>
    public async Task<string> CreateDatabaseAsync(string prefix = "test", CancellationToken cancellationToken = default)
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..6]}";
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return ConnectionStringFor(name);
    }

    /// <summary>Stops the server (fast shutdown, SIGINT), falling back to SIGKILL. Does nothing if it is not running.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async Task StopAsync()
    {
        if (_process is not { } process || process.HasExited)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        Signal(process.Id, 2);
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Kills the server with SIGKILL, as a crash would.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Starts the server again on the same port and directory (after <see cref="StopAsync"/> or <see cref="KillAsync"/>).</summary>
    /// <param name="cancellationToken">Cancels waiting for the server.</param>
    /// <returns>A task that completes when the server accepts connections.</returns>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync().ConfigureAwait(false);
        _process?.Dispose();
        _process = null;
        if (!await TryLaunchOnAsync(Port, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"PostgreSQL could not start again on port {Port}:\n{_output}");
        }
    }

    /// <summary>Stops the server and deletes its directory.</summary>
    /// <returns>A task that completes when the server is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync().ConfigureAwait(false);
        }
        finally
        {
            _process?.Dispose();
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a dying process: the directory is under the temp folder and harmless.
            }
        }
    }

    private string DataDirectory => Path.Combine(Directory, "data");

    private static bool IsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";

    private async Task InitializeClusterAsync(CancellationToken cancellationToken)
    {
        if (IsRoot)
        {
            await RunAsync("chown", [ServiceUser + ":" + ServiceUser, Directory], cancellationToken).ConfigureAwait(false);
        }

        using var process = Process.Start(Command(Path.Combine(_binaries, "initdb"),
            ["-D", DataDirectory, "-U", User, "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"]))
            ?? throw new InvalidOperationException("initdb did not start.");
        var output = await ReadAllAsync(process, cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"initdb failed with exit code {process.ExitCode}:\n{output}");
        }
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxPortAttempts; attempt++)
        {
            if (await TryLaunchOnAsync(FreePort.Next(), cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        throw new InvalidOperationException($"PostgreSQL did not start after {MaxPortAttempts} attempts:\n{_output}");
    }

    private async Task<bool> TryLaunchOnAsync(int port, CancellationToken cancellationToken)
    {
        Port = port;
        var process = Process.Start(Command(Path.Combine(_binaries, "postgres"),
        [
            "-D", DataDirectory, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", Directory,
            "-c", "listen_addresses=" + Loopback, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=200", "-c", "shared_buffers=128MB",
        ])) ?? throw new InvalidOperationException("postgres did not start.");
        _process = process;
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ReadyTimeout);
        while (true)
        {
            if (process.HasExited)
            {
                process.Dispose();
                _process = null;
                return false;
            }

            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false;Timeout=2");
                await connection.OpenAsync(deadline.Token).ConfigureAwait(false);
                return true;
            }
            catch (NpgsqlException) when (!deadline.IsCancellationRequested)
            {
                // Not accepting connections yet (or "the database system is starting up").
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException($"PostgreSQL did not accept connections within {ReadyTimeout.TotalSeconds} s:\n{_output}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token).ConfigureAwait(false);
        }
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Add(line);
        }
    }

    // As root, setpriv drops to the postgres user and execs the program, so the child we hold is the program itself.
    private static ProcessStartInfo Command(string program, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(IsRoot ? "setpriv" : program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (IsRoot)
        {
            foreach (var argument in (string[])["--reuid=" + ServiceUser, "--regid=" + ServiceUser, "--init-groups", "--", program])
            {
                info.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = await ReadAllAsync(process, cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{output}");
        }
    }

    private static async Task<string> ReadAllAsync(Process process, CancellationToken cancellationToken)
    {
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
    }

    private static void Signal(int processId, int signal)
    {
        try
        {
            using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, processId.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false });
            kill?.WaitForExit();
        }
        catch (Win32Exception)
        {
            // No kill(1): the caller's timeout falls back to SIGKILL.
        }
    }
}
