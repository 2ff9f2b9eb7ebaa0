namespace Fleet.Benchmarks;

/// <summary>
/// Latency-bound measurements on a shared virtual machine (docs/adr/0014-benchmarks-on-a-shared-host.md): each run timed
/// with the host's CPU steal over it (<see cref="CpuSteal"/>), repeated until one run's steal was low, and held to the
/// run the host disturbed least. Runs are chosen by the host's steal, never by what they measured.
/// </summary>
internal static class QuietRuns
{
    /// <summary>At most this many measured runs of one measurement.</summary>
    public const int MaxRuns = 6;

    /// <summary>A run whose steal stayed under this share of the CPU time (%) is quiet enough: no further run is made.</summary>
    public const double QuietStealPercent = 3;

    /// <summary>Runs <paramref name="measure"/> once, sampling /proc/stat before and after.</summary>
    public static async Task<MeasuredRun<T>> MeasureAsync<T>(Func<Task<T>> measure)
    {
        var before = CpuSteal.Now();
        var figures = await measure();
        return new MeasuredRun<T>(figures, CpuSteal.Now().PercentSince(before));
    }

    /// <summary>
    /// Runs <paramref name="measure"/> (given the run's number from 1) until one run's steal is under
    /// <see cref="QuietStealPercent"/>, at most <see cref="MaxRuns"/> times, printing each run's steal under
    /// <paramref name="name"/>; returns every run, in order.
    /// </summary>
    public static async Task<IReadOnlyList<MeasuredRun<T>>> UntilQuietAsync<T>(string name, Func<int, Task<T>> measure)
    {
        var runs = new List<MeasuredRun<T>>(MaxRuns);
        do
        {
            var number = runs.Count + 1;
            var run = await MeasureAsync(() => measure(number));
            Console.WriteLine($"{name} run {number}: CPU steal {run.StealPercent:0.0} %");
            runs.Add(run);
        }
        while (runs.Count < MaxRuns && runs[^1].StealPercent >= QuietStealPercent);

        return runs;
    }

    /// <summary>The run the host disturbed least: the one with the least steal (the first of equals).</summary>
    public static MeasuredRun<T> Quietest<T>(IReadOnlyList<MeasuredRun<T>> runs) =>
        runs.Count == 0 ? throw new ArgumentException("No measured run.", nameof(runs)) : runs.MinBy(r => r.StealPercent)!;
}
