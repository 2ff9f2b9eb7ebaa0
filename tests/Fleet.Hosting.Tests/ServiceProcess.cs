using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Fleet.Testing;

namespace Fleet.Hosting.Tests;

/// <summary>
/// The test service running as <c>dotnet Fleet.Hosting.TestService.dll</c> (the way tests/Fleet.Chaos.Tests runs its
/// roles): every stdout and stderr line kept, SIGTERM sent with <c>kill -TERM</c>. Dispose kills it if it still runs.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly string Service = Path.Combine(AppContext.BaseDirectory, "Fleet.Hosting.TestService.dll");

    /// <summary>Settings of the test machine's environment that would otherwise leak into the service.</summary>
    private static readonly string[] Inherited = ["REDIS_URL", "ConnectionStrings__Redis", "OTEL_EXPORTER_OTLP_ENDPOINT", "Fleet__Logging__Format"];

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private Task<int>? _exit;

    private ServiceProcess(Process process) => _process = process;

    /// <summary>Completes with the exit code once the process exited and its output was read to the end.</summary>
    public Task<int> Exit => _exit ?? throw new InvalidOperationException("Not started.");

    /// <summary>The lines written to stdout so far.</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>The lines written to stderr so far.</summary>
    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>Starts the service with <paramref name="environment"/> (HTTP on a free port unless given).</summary>
    public static ServiceProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        if (!File.Exists(Service))
        {
            throw new InvalidOperationException($"{Service} is missing: Fleet.Hosting.Tests references the test service, so building the tests builds it.");
        }

        // The CLI sets DOTNET_HOST_PATH for the processes it starts; `dotnet` on PATH otherwise.
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        info.ArgumentList.Add(Service);
        foreach (var name in Inherited)
        {
            info.Environment.Remove(name);
        }

        info.Environment["Fleet__Http__Port"] = "0";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var started = new ServiceProcess(process);
        process.OutputDataReceived += (_, e) => Keep(started._output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(started._errors, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        started._exit = started.WaitForExitAsync();
        return started;
    }

    /// <summary>The exit code, failing with the output if the process does not exit within the guard.</summary>
    public async Task<int> ExitCodeAsync()
    {
        try
        {
            return await Exit.WaitAsync(Eventually.DefaultLimit, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The service did not exit. stdout:\n{string.Join('\n', _output)}\nstderr:\n{string.Join('\n', _errors)}");
        }
    }

    /// <summary>Waits until a stdout line satisfies <paramref name="match"/> and returns it.</summary>
    public async Task<string> LineAsync(Func<string, bool> match, string what)
    {
        string? found = null;
        await Eventually.TrueAsync(() => (found = _output.FirstOrDefault(match)) is not null || Exit.IsCompleted, what);
        return found ?? throw new InvalidOperationException($"The service exited with {await Exit} before {what}. stderr:\n{string.Join('\n', _errors)}");
    }

    /// <summary>SIGTERM (what a container runtime sends), then the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        await SignalAsync("TERM");
        return await ExitCodeAsync();
    }

    /// <summary>SIGKILL, as a crash would, then waits until the process is reaped.</summary>
    public async Task KillAsync()
    {
        await SignalAsync("KILL");
        await ExitCodeAsync();
    }

    /// <summary>SIGSTOP: the process is frozen (a long GC pause, a stopped VM) until <see cref="ResumeAsync"/>.</summary>
    public Task PauseAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT after <see cref="PauseAsync"/>.</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
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
                await _exit.WaitAsync(Eventually.DefaultLimit);
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

    private static void Keep(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }

    private async Task<int> WaitForExitAsync()
    {
        // Waits for the end of stdout and stderr too, so every line was read before the exit code is.
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }
}
