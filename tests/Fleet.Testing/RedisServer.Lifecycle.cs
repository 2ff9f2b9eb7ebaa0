using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;
using Fleet.Testing.Configuration;
using Fleet.Testing.Processes;

namespace Fleet.Testing;

/// <content>Starting, stopping, killing and restarting the process.</content>
public sealed partial class RedisServer
{
    private const int MaxPortAttempts = 5;
    private const string PortTakenMarker = "Address already in use";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RebindDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Stops the server gracefully (SHUTDOWN NOSAVE; the AOF, when enabled, is already fsynced) and waits for it to exit.
    /// Falls back to SIGKILL if it does not exit within 10 s. Does nothing if it is not running.
    /// </summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ThrowIfContainer(nameof(StopAsync));
            await StopProcessAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Kills the server with SIGKILL, as a crash would. Does nothing if it is not running.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async Task KillAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ThrowIfContainer(nameof(KillAsync));
            await ReleaseProcessAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Starts the server again on the same port, in the same directory, with the same configuration, and waits until
    /// it answers PING. A running server is stopped first (as <see cref="StopAsync"/>).
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for the server.</param>
    /// <returns>A task that completes when the server is ready.</returns>
    /// <exception cref="InvalidOperationException">The server did not become ready; the message holds the tail of <c>redis.log</c>.</exception>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ThrowIfContainer(nameof(RestartAsync));
            await StopProcessAsync().ConfigureAwait(false);

            // Clients reconnect to the port they know, so it must be this one; something may hold it briefly.
            for (var attempt = 1; attempt <= MaxPortAttempts; attempt++)
            {
                if (await TryLaunchAsync(cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                await Task.Delay(RebindDelay, cancellationToken).ConfigureAwait(false);
            }

            throw new InvalidOperationException($"redis-server could not bind port {Port} again after {MaxPortAttempts} attempts: {PortTakenMarker}.");
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task StartOnFreePortAsync(Func<int> nextPort, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxPortAttempts; attempt++)
        {
            Port = nextPort();
            await File.WriteAllTextAsync(ConfigPath, RedisConfigFile.Render(_options, DataDirectory, Port, _tls), cancellationToken).ConfigureAwait(false);
            if (await TryLaunchAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        throw new InvalidOperationException($"redis-server could not bind a free port after {MaxPortAttempts} attempts: {PortTakenMarker}.");
    }

    /// <returns><see langword="true"/> when ready; <see langword="false"/> when the port was taken.</returns>
    /// <exception cref="InvalidOperationException">The server failed for any other reason.</exception>
    private async Task<bool> TryLaunchAsync(CancellationToken cancellationToken)
    {
        var logOffset = LogTail.CurrentLength(LogPath);
        var process = RedisProcess.Start(_executable, ConfigPath, DataDirectory);
        (ReadinessStatus Status, string? LastError) outcome;
        try
        {
            outcome = await ReadinessProbe.WaitAsync(process, Endpoint, ReadyTimeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (outcome.Status == ReadinessStatus.Ready)
        {
            _process = process;
            return true;
        }

        await process.KillAsync().ConfigureAwait(false);
        var log = LogTail.Read(LogPath, logOffset);
        var output = process.Output;
        var exitCode = process.ExitCode;
        await process.DisposeAsync().ConfigureAwait(false);
        if (outcome.Status == ReadinessStatus.Exited && log.Contains(PortTakenMarker, StringComparison.Ordinal))
        {
            return false;
        }

        throw new InvalidOperationException(DescribeFailure(outcome.Status, outcome.LastError, exitCode, log, output));
    }

    private string DescribeFailure(ReadinessStatus status, string? lastError, int? exitCode, string log, string output)
    {
        var what = status == ReadinessStatus.Exited
            ? $"redis-server exited (code {exitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}) before it answered PING on port {Port}"
            : $"redis-server did not answer PING on port {Port} within {ReadyTimeout.TotalSeconds:0} s";
        var message = $"{what}. Last probe: {lastError ?? "none"}.";
        if (_tls is not null)
        {
            message += " TLS was requested: this redis-server build must support TLS (BUILD_TLS=yes; Debian's does).";
        }

        return $"{message}\n--- redis.log (tail) ---\n{(log.Length == 0 ? "(empty)" : log)}\n--- stdout/stderr (tail) ---\n{(output.Length == 0 ? "(empty)" : output)}";
    }

    private async Task StopProcessAsync()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            await RequestShutdownAsync().ConfigureAwait(false);
            if (!await process.WaitForExitAsync(StopTimeout).ConfigureAwait(false))
            {
                await process.KillAsync().ConfigureAwait(false);
            }
        }

        await ReleaseProcessAsync().ConfigureAwait(false);
    }

    private async Task RequestShutdownAsync()
    {
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await using var connection = await Endpoint.ConnectAsync(timeout.Token).ConfigureAwait(false);

            // SHUTDOWN answers by closing the connection, so there is no reply to read.
            await connection.WriteAsync(["SHUTDOWN", "NOSAVE"], timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or OperationCanceledException)
        {
            // The caller waits for the exit and falls back to SIGKILL.
        }
    }

    private async Task ReleaseProcessAsync()
    {
        var process = _process;
        _process = null;
        if (process is not null)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }
}
