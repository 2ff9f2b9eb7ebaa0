using System.Globalization;
using System.Net;
using Fleet.Testing.Processes;

namespace Fleet.Benchmarks.Fleet;

/// <summary>
/// One service replica as <c>dotnet Fleet.&lt;Name&gt;.dll</c> (docs/fleet.md's process contract): its output goes to a log file,
/// and it answers the two questions of the idle rows, how long from process start to a health endpoint's 200 and how
/// much memory it holds once idle. The end-to-end tests' ServiceProcess does the same inside xUnit (it reads xUnit's
/// TestContext, so this suite cannot reuse it).
/// </summary>
internal sealed class ServiceReplica : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan RssInterval = TimeSpan.FromSeconds(1);

    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private readonly long _started;
    private DotnetProcess? _process;

    private ServiceReplica(string name, int httpPort, string logPath)
    {
        Name = name;
        HttpPort = httpPort;
        LogPath = logPath;
        _log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        _started = TimeProvider.System.GetTimestamp();
    }

    public string Name { get; }

    public int HttpPort { get; }

    public string LogPath { get; }

    /// <summary>The process id (the market suite reads its CPU time from /proc).</summary>
    public int ProcessId => Process.Id;

    private DotnetProcess Process => _process ?? throw new InvalidOperationException("Not started.");

    public static ServiceReplica Start(string name, string dll, int httpPort, IReadOnlyDictionary<string, string?> environment, string logDirectory)
    {
        var replica = new ServiceReplica(name, httpPort, Path.Combine(logDirectory, name + ".log"));
        replica._process = DotnetProcess.Start(dll, [], environment, replica.Write, line => replica.Write("! " + line));
        return replica;
    }

    /// <summary>
    /// Polls <c>GET <paramref name="path"/></c> every 10 ms until it answers 200 and returns the time since the process was
    /// started. Fails when the process exits first or <paramref name="limit"/> passes (a guard, not a figure).
    /// </summary>
    public async Task<TimeSpan> WaitHealthyAsync(string path, TimeSpan limit)
    {
        var url = new Uri($"http://127.0.0.1:{HttpPort.ToString(CultureInfo.InvariantCulture)}{path}");
        while (true)
        {
            if (Process.Exit.IsCompleted)
            {
                throw new InvalidOperationException($"{Name} exited with code {await Process.Exit} before {path} answered 200; its output: {LogPath}");
            }

            if (await AnswersOkAsync(url))
            {
                return TimeProvider.System.GetElapsedTime(_started);
            }

            if (TimeProvider.System.GetElapsedTime(_started) > limit)
            {
                throw new TimeoutException($"{Name}: {url} did not answer 200 within {limit.TotalSeconds:0} s; its output: {LogPath}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>
    /// VmRSS of the idle process once it stops growing: read every second until a read is not above the one before
    /// (at most <paramref name="maxReads"/> reads), so a runtime still warming up is not caught halfway.
    /// </summary>
    public async Task<double> IdleRssMegabytesAsync(int maxReads)
    {
        var previous = ReadRssKilobytes();
        for (var i = 1; i < maxReads; i++)
        {
            await Task.Delay(RssInterval);
            var current = ReadRssKilobytes();
            if (current <= previous)
            {
                return current / 1024.0;
            }

            previous = current;
        }

        return previous / 1024.0;
    }

    /// <summary>SIGTERM and the exit code (the services exit 0 after finishing in-flight work).</summary>
    public Task<int> TerminateAsync(TimeSpan limit) => Process.TerminateAsync(limit);

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

    private long ReadRssKilobytes()
    {
        // "VmRSS:	   61234 kB": the resident set of the process, the figure `ps -o rss` shows.
        foreach (var line in File.ReadLines($"/proc/{Process.Id.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"{Name}: no VmRSS in /proc/{Process.Id}/status.");
    }

    private static async Task<bool> AnswersOkAsync(Uri url)
    {
        try
        {
            using var response = await Http.GetAsync(url);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false; // Not listening yet.
        }
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
