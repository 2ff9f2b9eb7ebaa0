using System.Diagnostics;
using System.Globalization;

namespace Fleet.Demo.Operations;

/// <summary>
/// The services' processes as deploy/local/run.sh started them: <c>&lt;pid dir&gt;/&lt;instance&gt;.pid</c> holds each one's pid.
/// The demo kills the market-monitor leader (SIGKILL) and pauses a consumer (SIGSTOP, then SIGCONT) through them; a
/// killed instance is marked with <c>killed-&lt;instance&gt;</c> so run.sh does not report it as a crash.
/// </summary>
internal sealed class FleetProcesses(string? pidDirectory)
{
    /// <summary>Whether the demo knows the processes (run.sh passes <c>--pid-dir</c>; a fleet started elsewhere does not).</summary>
    public bool Known => !string.IsNullOrEmpty(pidDirectory) && Directory.Exists(pidDirectory);

    /// <summary>The pid of <paramref name="instance"/>, or null when it has no pid file.</summary>
    public int? PidOf(string instance)
    {
        var path = Path.Combine(pidDirectory ?? string.Empty, instance + ".pid");
        return Known && File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            ? pid
            : null;
    }

    /// <summary>SIGKILL: the process ends at once, without releasing its leases or acknowledging its entries.</summary>
    public void Kill(string instance, int pid)
    {
        File.WriteAllText(Path.Combine(pidDirectory!, "killed-" + instance), pid.ToString(CultureInfo.InvariantCulture));
        Signal(pid, "KILL");
    }

    /// <summary>SIGSTOP: the process is frozen (no reads, no renewals) until <see cref="Resume"/>.</summary>
    public static void Pause(int pid) => Signal(pid, "STOP");

    /// <summary>SIGCONT.</summary>
    public static void Resume(int pid) => Signal(pid, "CONT");

    /// <summary>Whether the process still exists (<c>/proc/&lt;pid&gt;</c>; a killed child of run.sh is gone once reaped, a zombie until then).</summary>
    public static bool IsAlive(int pid)
    {
        var status = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status";
        return File.Exists(status) && !File.ReadAllText(status).Contains("State:\tZ", StringComparison.Ordinal);
    }

    // kill(1): .NET's Process.Kill only sends SIGKILL to its own children, and these are run.sh's; the demo also stops and
    // continues a process, which needs SIGSTOP / SIGCONT.
    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-s", signal, pid.ToString(CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        })!;
        var error = kill.StandardError.ReadToEnd();
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -s {signal} {pid} failed: {error.Trim()}");
        }
    }
}
