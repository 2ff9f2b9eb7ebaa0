using System.Globalization;
using Fleet.Redis;

namespace Fleet.Benchmarks.Market;

/// <summary>CPU seconds used so far, to tell where a throughput's time goes: a replica's, redis-server's, this process's.</summary>
internal static class CpuTime
{
    // USER_HZ: /proc/<pid>/stat counts clock ticks of 1/100 s on Linux.
    private const double TicksPerSecond = 100;

    /// <summary>utime + stime of /proc/<paramref name="pid"/>/stat (fields 14 and 15, after the parenthesised name).</summary>
    public static double OfProcess(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>redis-server's used_cpu_user + used_cpu_sys (INFO cpu).</summary>
    public static async Task<double> OfRedisAsync(RedisClient client)
    {
        var info = await client.InfoAsync("cpu") ?? string.Empty;
        double total = 0;
        foreach (var line in info.Split('\n'))
        {
            var parts = line.Trim().Split(':');
            if (parts.Length == 2 && parts[0] is "used_cpu_user" or "used_cpu_sys")
            {
                total += double.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    /// <summary>This process's CPU time.</summary>
    public static double OfThisProcess() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
}
