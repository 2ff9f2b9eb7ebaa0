namespace Fleet.Benchmarks.Archive;

/// <summary>
/// <see cref="ArchiveQueryBenchmark"/>'s figures: every measured run, the same SQL's execution time inside PostgreSQL
/// (p50 and p99, ms) and the time the archive took to fill.
/// </summary>
internal sealed record ArchiveQueryFigures(IReadOnlyList<MeasuredRun<ArchiveQueryRun>> Runs, double ServerP50Ms, double ServerP99Ms, TimeSpan Fill);
