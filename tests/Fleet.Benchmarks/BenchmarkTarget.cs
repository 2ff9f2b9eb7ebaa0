namespace Fleet.Benchmarks;

/// <summary>The target a result must meet: its ratio at most (or at least) a bound.</summary>
internal sealed record BenchmarkTarget(string Benchmark, string Description, double Bound, bool AtMost)
{
    public bool IsMet(BenchmarkResult result) => AtMost ? result.Ratio <= Bound : result.Ratio >= Bound;

    public string Describe() => $"ratio {(AtMost ? "≤" : "≥")} {Bound}";
}
