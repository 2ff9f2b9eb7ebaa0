namespace Fleet.Benchmarks.Archive;

/// <summary>One measured run of <see cref="ArchiveQueryBenchmark"/>: its latency percentiles (ms).</summary>
internal sealed record ArchiveQueryRun(double P50Ms, double P99Ms);
