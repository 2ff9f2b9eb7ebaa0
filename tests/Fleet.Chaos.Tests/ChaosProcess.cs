using System.Collections.Concurrent;
using Fleet.Testing.Processes;

namespace Fleet.Chaos.Tests;

/// <summary>
/// One role of the harness running as <c>dotnet Fleet.Chaos.dll ROLE --name value …</c>: its stdout lines go to a
/// callback, the tail of its stderr (its logs) is kept for failure messages. Dispose kills it if it still runs.
/// </summary>
internal sealed class ChaosProcess : IAsyncDisposable
{
    private const int ErrorLines = 40;
    private static readonly string Harness = Path.Combine(AppContext.BaseDirectory, "Fleet.Chaos.dll");

    private readonly Action<string> _onLine;
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DotnetProcess? _process;

    private ChaosProcess(string name, Action<string> onLine)
    {
        Name = name;
        _onLine = onLine;
    }

    /// <summary>The run's name in messages, for example <c>consumer c2 (run c2.3)</c>.</summary>
    public string Name { get; }

    /// <summary>Completes with the exit code once the process exited and its output was read to the end.</summary>
    public Task<int> Exit => Process.Exit;

    /// <summary>The last lines the process wrote to stderr.</summary>
    public string ErrorTail => string.Join('\n', _errors);

    private DotnetProcess Process => _process ?? throw new InvalidOperationException("Not started.");

    public static ChaosProcess Start(string name, string role, IReadOnlyDictionary<string, string> arguments, Action<string> onLine)
    {
        if (!File.Exists(Harness))
        {
            throw new InvalidOperationException($"{Harness} is missing: Fleet.Chaos.Tests references tests/Fleet.Chaos, so building the tests builds it.");
        }

        var started = new ChaosProcess(name, onLine);
        string[] commandLine = [role, .. arguments.SelectMany(a => new[] { "--" + a.Key, a.Value })];
        started._process = DotnetProcess.Start(Harness, commandLine, new Dictionary<string, string?>(), started.OnOutput, started.OnError);
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

    /// <summary>SIGKILL, as a crash would, then waits for the exit.</summary>
    public Task KillAsync() => Process.KillAsync();

    /// <summary>SIGTERM (what a container runtime sends), then waits up to <paramref name="timeout"/> for the exit code.</summary>
    public Task<int> TerminateAsync(TimeSpan timeout) => Process.TerminateAsync(timeout);

    public ValueTask DisposeAsync() => _process?.DisposeAsync() ?? ValueTask.CompletedTask;

    private void OnOutput(string line)
    {
        if (line == ChaosProtocol.Ready)
        {
            _ready.TrySetResult();
        }

        _onLine(line);
    }

    private void OnError(string line)
    {
        _errors.Enqueue(line);
        while (_errors.Count > ErrorLines)
        {
            _errors.TryDequeue(out _);
        }
    }
}
