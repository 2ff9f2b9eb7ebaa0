using System.ComponentModel;
using System.Diagnostics;

namespace Fleet.Testing.Processes;

/// <summary>
/// One run of redis-server as a child process (never daemonized, so it can be SIGKILLed),
/// with the tail of its stdout/stderr kept: config-file errors go there, before the log file opens.
/// </summary>
internal sealed class RedisProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReapTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly OutputTail _output = new(30);
    private readonly CancellationTokenSource _exited = new();
    private int? _exitCode;

    private RedisProcess(Process process) => _process = process;

    /// <summary>The operating-system process id, as INFO server reports it in <c>process_id</c>.</summary>
    public int Id { get; private set; }

    /// <summary>Whether the process has exited (or was disposed).</summary>
    public bool HasExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    /// <summary>Cancelled when the process exits, so a probe waiting on a silent port gives up at once.</summary>
    public CancellationToken ExitedToken => _exited.Token;

    /// <summary>The exit code, once the process has exited and been reaped.</summary>
    public int? ExitCode => _exitCode;

    /// <summary>The last lines the process wrote to stdout and stderr.</summary>
    public string Output => _output.ToString();

    /// <summary>Starts <c>redis-server CONFIG</c>.</summary>
    public static RedisProcess Start(string executable, string configPath, string workingDirectory)
    {
        var info = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        info.ArgumentList.Add(configPath);

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var started = new RedisProcess(process);
        process.OutputDataReceived += started.OnOutput;
        process.ErrorDataReceived += started.OnOutput;
        process.Exited += started.OnExited;
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            started.Id = process.Id;
            return started;
        }
        catch
        {
            process.Dispose();
            started._exited.Dispose();
            throw;
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the process to exit; <see langword="true"/> when it did.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
            _exitCode = _process.ExitCode;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL, as a crash would, then waits for the process to be reaped. Never throws if it already exited.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill();
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Already exited: nothing to kill.
        }

        await WaitForExitAsync(ReapTimeout).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!HasExited)
        {
            await KillAsync().ConfigureAwait(false);
        }

        _process.Exited -= OnExited;
        _process.Dispose();
        _exited.Dispose();
    }

    private void OnExited(object? sender, EventArgs e)
    {
        try
        {
            _exited.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Exited raced with DisposeAsync: nobody is waiting any more.
        }
    }

    private void OnOutput(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is not null)
        {
            _output.Add(e.Data);
        }
    }
}
