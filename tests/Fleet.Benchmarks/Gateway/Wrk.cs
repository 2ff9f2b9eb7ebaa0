using System.Diagnostics;
using System.Globalization;

namespace Fleet.Benchmarks.Gateway;

/// <summary>Runs Debian's <c>wrk</c> (/usr/bin/wrk) with a Lua script and returns what it printed, parsed.</summary>
internal static class Wrk
{
    public const string Path = "/usr/bin/wrk";

    public static async Task<(WrkFigures Figures, string Output)> RunAsync(string url, string script, int connections, int threads, TimeSpan duration)
    {
        if (!File.Exists(Path))
        {
            throw new InvalidOperationException($"{Path} is missing: install Debian's wrk (`apt-get install wrk`).");
        }

        var info = new ProcessStartInfo(Path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-t", threads.ToString(CultureInfo.InvariantCulture),
            "-d", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s",
            "--timeout", "5s",
            "--latency",
            "-s", script,
            url,
        })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{Path} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output + await errors;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk exited with {process.ExitCode}:\n{text}");
        }

        return (WrkFigures.Parse(text), text);
    }
}
