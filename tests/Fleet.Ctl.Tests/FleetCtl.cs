using System.Collections.Concurrent;
using Fleet.Testing;
using Fleet.Testing.Processes;

namespace Fleet.Ctl.Tests;

/// <summary>
/// Runs the built fleetctl as a process, <c>dotnet tools/fleetctl/bin/{Configuration}/net10.0/fleetctl.dll …</c>, the way
/// an operator or a script does, with stdout and stderr collected line by line (both redirected, so never a terminal).
/// The Redis and colour variables of the test run are removed, so only what a test passes counts.
/// </summary>
internal sealed class FleetCtl : IAsyncDisposable
{
    private static readonly Dictionary<string, string?> CleanEnvironment = new()
    {
        ["REDIS_URL"] = null,
        ["ConnectionStrings__Redis"] = null,
        ["FLEET_API_KEY"] = null,
        ["NO_COLOR"] = null,
    };

    // A failure guard, not a performance bound: a run starts a .NET process, which on a loaded 2-core machine takes seconds.
    private static readonly TimeSpan RunLimit = Eventually.Scaled(TimeSpan.FromSeconds(90));

    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly DotnetProcess _process;

    private FleetCtl(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment)
    {
        var variables = new Dictionary<string, string?>(CleanEnvironment);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        _process = DotnetProcess.Start(Dll, arguments, variables, _output.Enqueue, _errors.Enqueue);
    }

    /// <summary>The built tool, in the configuration these tests were built with.</summary>
    public static string Dll { get; } = Path.Combine(ServiceBinaries.RepositoryRoot, "tools", "fleetctl", "bin", ServiceBinaries.Configuration, "net10.0", "fleetctl.dll");

    /// <summary>The stdout lines so far.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>The stderr lines so far.</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    /// <summary>Starts fleetctl with <paramref name="arguments"/>.</summary>
    public static FleetCtl Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null) => new(arguments, environment);

    /// <summary>Runs fleetctl to its end.</summary>
    public static async Task<FleetCtlResult> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        await using var run = Start(arguments, environment);
        return await run.ExitAsync();
    }

    /// <summary>Waits for the process to end by itself (the limit is a failure guard).</summary>
    public async Task<FleetCtlResult> ExitAsync()
    {
        var code = await _process.Exit.WaitAsync(RunLimit);
        return new(code, Output, Errors);
    }

    /// <summary>SIGTERM, then the result.</summary>
    public async Task<FleetCtlResult> TerminateAsync()
    {
        var code = await _process.TerminateAsync(RunLimit);
        return new(code, Output, Errors);
    }

    /// <summary>Waits until a stdout or stderr line contains <paramref name="text"/>.</summary>
    public Task WaitForLineAsync(string text, bool onStderr = false) =>
        Eventually.TrueAsync(
            () => (onStderr ? _errors : _output).Any(line => line.Contains(text, StringComparison.Ordinal)) || _process.Exit.IsCompleted,
            $"fleetctl wrote a line with '{text}'");

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
