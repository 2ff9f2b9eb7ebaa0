using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Fleet.Chaos.Tests;

/// <summary>
/// One role of the harness running as <c>dotnet Fleet.Chaos.dll ROLE --name value …</c>: its stdout lines go to a
/// callback, the tail of its stderr (its logs) is kept for failure messages. Dispose kills it if it still runs.
/// </summary>
internal sealed class ChaosProcess : IAsyncDisposable
{
    private const int ErrorLines = 40;
    private static readonly string Harness = Path.Combine(AppContext.BaseDirectory, "Fleet.Chaos.dll");
    private static readonly TimeSpan ReapTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly Action<string> _onLine;
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task<int>? _exit;

    private ChaosProcess(string name, Process process, Action<string> onLine)
    {
        Name = name;
        _process = process;
        _onLine = onLine;
    }

    /// <summary>The run's name in messages, for example <c>consumer c2 (run c2.3)</c>.</summary>
    public string Name { get; }

    /// <summary>Completes with the exit code once the process exited and its output was read to the end.</summary>
    public Task<int> Exit => _exit ?? throw new InvalidOperationException("Not started.");

    /// <summary>The last lines the process wrote to stderr.</summary>
    public string ErrorTail => string.Join('\n', _errors);

    public static ChaosProcess Start(string name, string role, IReadOnlyDictionary<string, string> arguments, Action<string> onLine)
    {
        if (!File.Exists(Harness))
        {
            throw new InvalidOperationException($"{Harness} is missing: Fleet.Chaos.Tests references tests/Fleet.Chaos, so building the tests builds it.");
        }

        // The CLI sets DOTNET_HOST_PATH for the processes it starts; `dotnet` on PATH otherwise.
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        info.ArgumentList.Add(Harness);
        info.ArgumentList.Add(role);
        foreach (var (key, value) in arguments)
        {
            info.ArgumentList.Add("--" + key);
            info.ArgumentList.Add(value);
        }

        var process = new Process { StartInfo = info };
        var started = new ChaosProcess(name, process, onLine);
        process.OutputDataReceived += (_, e) => started.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => started.OnError(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        started._exit = started.WaitForExitAsync();
        return started;
    }

    /// <summary>Waits until the process printed <c>ready</c>; fails with its stderr if it exits first or takes longer than <paramref name="timeout"/>.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var first = await Task.WhenAny(_ready.Task, Exit).WaitAsync(timeout).ConfigureAwait(false);
        if (first != _ready.Task)
        {
            throw new InvalidOperationException($"{Name} exited with code {await Exit.ConfigureAwait(false)} before it was ready:\n{ErrorTail}");
        }
    }

    /// <summary>SIGKILL, as a crash would (Process.Kill sends SIGKILL on Linux), then waits for the exit.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill();
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Already exited: the caller reads the exit code.
        }

        await Exit.WaitAsync(ReapTimeout).ConfigureAwait(false);
    }

    /// <summary>SIGTERM (what a container runtime sends), then waits up to <paramref name="timeout"/> for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().ConfigureAwait(false);
        }

        return await Exit.WaitAsync(timeout).ConfigureAwait(false);
    }

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

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line == ChaosProtocol.Ready)
        {
            _ready.TrySetResult();
        }

        _onLine(line);
    }

    private void OnError(string? line)
    {
        if (line is null)
        {
            return;
        }

        _errors.Enqueue(line);
        while (_errors.Count > ErrorLines)
        {
            _errors.TryDequeue(out _);
        }
    }
}
