using System.Globalization;

namespace Fleet.Benchmarks;

/// <summary>
/// The machine's CPU time so far and the part of it the hypervisor ran other guests on our virtual CPUs ("steal", the
/// eighth figure of /proc/stat's <c>cpu</c> line): time every process here waited for a core it was owed. Sampled around a
/// measured run, it tells a slower answer of the software from a host busy with someone else.
/// </summary>
internal readonly record struct CpuSteal(long Steal, long Total)
{
    /// <summary>The <c>cpu</c> line of /proc/stat now (clock ticks summed over every CPU); zeros where there is none.</summary>
    public static CpuSteal Now()
    {
        if (!File.Exists("/proc/stat"))
        {
            return default;
        }

        // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user and nice)
        var line = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        var figures = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return new CpuSteal(figures.Length > 7 ? figures[7] : 0, figures.Sum());
    }

    /// <summary>Stolen time since <paramref name="earlier"/> as a percentage of all CPU time since then.</summary>
    public double PercentSince(CpuSteal earlier) =>
        Total > earlier.Total ? 100.0 * (Steal - earlier.Steal) / (Total - earlier.Total) : 0;
}
