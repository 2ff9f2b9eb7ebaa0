using System.Diagnostics;
using Fleet.Testing;
using Fleet.Testing.Processes;

namespace Fleet.Deploy.Tests.Prometheus;

/// <summary>
/// Runs Debian's <c>promtool</c> (package <c>prometheus</c>; <c>deploy/local/ensure.sh promtool</c> installs it, and
/// <c>make test</c> and <c>.ci/run</c> call that first) in <c>deploy/prometheus</c>, where the config names its rule file
/// and the unit tests theirs by relative path.
/// </summary>
internal static class Promtool
{
    private static readonly TimeSpan GuardLimit = TimeSpan.FromMinutes(2);

    /// <summary>The folder of prometheus.yml, alerts.yml and alerts.test.yml.</summary>
    public static string Directory { get; } = Path.Combine(ServiceBinaries.RepositoryRoot, "deploy", "prometheus");

    /// <summary>Runs <c>promtool <paramref name="arguments"/></c> in <paramref name="workingDirectory"/> (default <see cref="Directory"/>).</summary>
    /// <returns>The exit code and everything it printed, stdout then stderr.</returns>
    public static async Task<PromtoolRun> RunAsync(IReadOnlyList<string> arguments, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(FindOnPath("promtool"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Directory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("promtool did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        // A failure guard only: promtool answers in about a second, more on a loaded machine.
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(Eventually.Scaled(GuardLimit), TestContext.Current.CancellationToken);
        return new PromtoolRun(process.ExitCode, (await stdout + await stderr).Trim());
    }

    /// <summary>The full path of <paramref name="program"/> (<c>promtool</c>, <c>prometheus</c>: both from the prometheus package) on PATH.</summary>
    /// <exception cref="InvalidOperationException">Not on PATH: the message says how to install it.</exception>
    public static string FindOnPath(string program)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"{program} was not found on PATH. Install it with: deploy/local/ensure.sh promtool (Debian's prometheus package; `make test` and .ci/run do it first).");
    }
}
