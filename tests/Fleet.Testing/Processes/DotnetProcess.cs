using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Fleet.Testing.Processes;

/// <summary>
/// A .NET program run as a child process, <c>dotnet PROGRAM.dll ARGS</c>, the way a container runs it: each line of its
/// stdout and stderr goes to a callback, it can be stopped with SIGTERM (what a container runtime sends) or SIGKILL (a
/// crash), and <see cref="Exit"/> gives its exit code. Dispose SIGKILLs it if it still runs.
/// </summary>
public sealed class DotnetProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReapTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private Task<int>? _exit;

    private DotnetProcess(Process process) => _process = process;

    /// <summary>The operating-system process id.</summary>
    public int Id { get; private set; }

    /// <summary>Completes with the exit code once the process exited and its output was read to the end.</summary>
    public Task<int> Exit => _exit ?? throw new InvalidOperationException("Not started.");

    /// <summary>Starts <c>dotnet <paramref name="program"/> <paramref name="arguments"/></c>.</summary>
    /// <param name="program">The program's dll.</param>
    /// <param name="arguments">Its command-line arguments.</param>
    /// <param name="environment">Changes to this process's environment: a null value removes the variable.</param>
    /// <param name="onOutput">Called with each stdout line, on a thread-pool thread.</param>
    /// <param name="onError">Called with each stderr line, on a thread-pool thread.</param>
    /// <returns>The running process.</returns>
    public static DotnetProcess Start(
        string program,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?> environment,
        Action<string> onOutput,
        Action<string> onError)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(onOutput);
        ArgumentNullException.ThrowIfNull(onError);
        if (!File.Exists(program))
        {
            throw new InvalidOperationException($"{program} is missing: build the project that produces it first.");
        }

        // The CLI sets DOTNET_HOST_PATH for the processes it starts (the test host); `dotnet` on PATH otherwise.
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(program))!,
        };
        info.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = info };
        var started = new DotnetProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onOutput(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onError(e.Data);
            }
        };
        process.Start();
        started.Id = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        started._exit = started.WaitForExitAsync();
        return started;
    }

    /// <summary>SIGTERM, then the exit code once the process exited.</summary>
    /// <param name="timeout">How long to wait for the exit (a failure guard).</param>
    /// <returns>The exit code.</returns>
    /// <exception cref="TimeoutException">The process did not exit within <paramref name="timeout"/>.</exception>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!Exit.IsCompleted)
        {
            using var kill = Process.Start("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync().ConfigureAwait(false);
        }

        return await Exit.WaitAsync(timeout).ConfigureAwait(false);
    }

    /// <summary>SIGKILL, as a crash would (Process.Kill sends SIGKILL on Linux), then waits until the process is reaped.</summary>
    /// <returns>The exit code.</returns>
    public async Task<int> KillAsync()
    {
        try
        {
            _process.Kill();
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Already exited: the caller reads the exit code.
        }

        return await Exit.WaitAsync(ReapTimeout).ConfigureAwait(false);
    }

    /// <summary>Kills the process and its children if it still runs, and releases it. Never throws.</summary>
    /// <returns>A task that completes when the process is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            if (_exit is not null)
            {
                await _exit.WaitAsync(ReapTimeout).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or TimeoutException)
        {
            // Already gone, or never started: nothing left to kill.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task<int> WaitForExitAsync()
    {
        // Waits for the end of stdout and stderr too, so every line was seen before the exit code is.
        await _process.WaitForExitAsync().ConfigureAwait(false);
        return _process.ExitCode;
    }
}
