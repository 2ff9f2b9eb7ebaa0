namespace Fleet.Benchmarks;

/// <summary>
/// Latency-bound measurements on a shared virtual machine (docs/adr/0014-benchmarks-on-a-shared-host.md): repeated until
/// one run's CPU steal (<see cref="CpuSteal"/>) was low, and held to the run the host disturbed least. Runs are chosen by
/// the host's steal, never by what they measured.
/// </summary>
internal static class QuietRuns
{
    /// <summary>At most this many measured runs of one measurement.</summary>
    public const int MaxRuns = 6;

    /// <summary>A run whose steal stayed under this share of the CPU time (%) is quiet enough: no further run is made.</summary>
    public const double QuietStealPercent = 3;

    /// <summary>
    /// Runs <paramref name="measure"/> (given the run's number from 1) until one run's steal is under
    /// <see cref="QuietStealPercent"/>, at most <see cref="MaxRuns"/> times; returns every run, in order.
    /// </summary>
    public static async Task<IReadOnlyList<T>> UntilQuietAsync<T>(Func<int, Task<T>> measure, Func<T, double> steal)
    {
        var runs = new List<T>(MaxRuns);
        do
        {
            runs.Add(await measure(runs.Count + 1));
        }
        while (runs.Count < MaxRuns && steal(runs[^1]) >= QuietStealPercent);

        return runs;
    }

    /// <summary>The run the host disturbed least: the one with the least steal (the first of equals).</summary>
    public static T Quietest<T>(IReadOnlyList<T> runs, Func<T, double> steal) =>
        runs.Count == 0 ? throw new ArgumentException("No measured run.", nameof(runs)) : runs.MinBy(steal)!;
}
