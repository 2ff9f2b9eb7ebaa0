using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Fleet.Testing;
using Fleet.Testing.Processes;

namespace Fleet.EndToEnd.Tests.Processes;

/// <summary>
/// One service replica running as <c>dotnet Fleet.&lt;Name&gt;.dll</c> with the environment of docs/fleet.md's process contract.
/// Every line it writes goes to <see cref="LogPath"/> and the last ones to failure messages; its stderr lines are kept
/// whole (a bad configuration's one line is there). Dispose SIGKILLs it if it still runs.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private const int TailLines = 60;
    private const int MaxErrorLines = 1000;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private static readonly TimeSpan ProbePause = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentQueue<string> _tail = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private readonly long _started = TimeProvider.System.GetTimestamp();
    private DotnetProcess? _process;

    private ServiceProcess(string name, int httpPort, string logPath)
    {
        Name = name;
        HttpPort = httpPort;
        LogPath = logPath;
        _log = new StreamWriter(logPath, append: true) { AutoFlush = true };
    }

    /// <summary>The replica's name (its instance name), e.g. <c>file-processor-1</c>.</summary>
    public string Name { get; }

    /// <summary>The port of its health endpoints (<c>Fleet__Http__Port</c>).</summary>
    public int HttpPort { get; }

    /// <summary>The file every line of its stdout and stderr is appended to.</summary>
    public string LogPath { get; }

    /// <summary>Completes with the exit code once the process exited and its output was read to the end.</summary>
    public Task<int> Exit => Process.Exit;

    /// <summary>How long it took from start to <c>/health/ready</c> = 200, once <see cref="WaitReadyAsync"/> returned.</summary>
    public TimeSpan? Ready { get; private set; }

    /// <summary>The lines it wrote to stderr (at most the first 1 000), in order.</summary>
    public IReadOnlyList<string> ErrorLines => [.. _errors];

    /// <summary>The last lines it wrote to stdout and stderr, for failure messages.</summary>
    public string Tail => string.Join('\n', _tail);

    private DotnetProcess Process => _process ?? throw new InvalidOperationException("Not started.");

    /// <summary>Starts <paramref name="dll"/> with the current environment changed by <paramref name="environment"/> (a null value removes a variable).</summary>
    public static ServiceProcess Start(string name, string dll, int httpPort, IReadOnlyDictionary<string, string?> environment, string logDirectory)
    {
        var started = new ServiceProcess(name, httpPort, Path.Combine(logDirectory, name + ".log"));
        started.Write($"--- {TimeProvider.System.GetUtcNow():O} start {Path.GetFileName(dll)} on port {httpPort}");
        started._process = DotnetProcess.Start(dll, [], environment, line => started.OnLine(line, error: false), line => started.OnLine(line, error: true));
        _ = started._process.Exit.ContinueWith(exit => started.Write($"--- {TimeProvider.System.GetUtcNow():O} exit {exit.Result}"), TaskScheduler.Default);
        return started;
    }

    /// <summary>
    /// Waits until <c>GET /health/ready</c> answers 200 (Redis reachable and every consumer group reading). Fails with the
    /// process's last lines when it exits first, or when <paramref name="limit"/> (scaled) passes.
    /// </summary>
    public async Task WaitReadyAsync(TimeSpan limit)
    {
        var url = new Uri($"http://127.0.0.1:{HttpPort.ToString(CultureInfo.InvariantCulture)}/health/ready");
        try
        {
            await Eventually.TrueAsync(async () => Exit.IsCompleted || await IsReadyAsync(url).ConfigureAwait(false), $"{Name} answers 200 on {url}", limit).ConfigureAwait(false);
            Ready = TimeProvider.System.GetElapsedTime(_started);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{Name}'s last lines:\n{Tail}", e);
        }

        if (Exit.IsCompleted)
        {
            throw new InvalidOperationException($"{Name} exited with code {await Exit.ConfigureAwait(false)} before it was ready:\n{Tail}");
        }
    }

    /// <summary>SIGTERM (what a container runtime sends), then the exit code once it exited (<paramref name="limit"/> scaled is a failure guard).</summary>
    public Task<int> TerminateAsync(TimeSpan limit) => Process.TerminateAsync(Eventually.Scaled(limit));

    /// <summary>SIGKILL, as a crash would, then waits until it is reaped.</summary>
    public Task<int> KillAsync() => Process.KillAsync();

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        lock (_logLock)
        {
            _log.Dispose();
        }
    }

    public override string ToString() => $"{Name} (pid {_process?.Id}, port {HttpPort})";

    private static async Task<bool> IsReadyAsync(Uri url)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        try
        {
            using var response = await Http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return true;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Not listening yet, or too busy to answer within the request timeout.
        }

        // Pacing, not proof: each 503 costs the starting service a health run and a log line, so ask twice a second at most.
        await Task.Delay(ProbePause, cancellationToken).ConfigureAwait(false);
        return false;
    }

    private void OnLine(string line, bool error)
    {
        if (error && _errors.Count < MaxErrorLines)
        {
            _errors.Enqueue(line);
        }

        _tail.Enqueue(line);
        while (_tail.Count > TailLines)
        {
            _tail.TryDequeue(out _);
        }

        Write(error ? "! " + line : line);
    }

    private void Write(string line)
    {
        lock (_logLock)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // A last line raced with DisposeAsync: the log is closed.
            }
        }
    }
}
