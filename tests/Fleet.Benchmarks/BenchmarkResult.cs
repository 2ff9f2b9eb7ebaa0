using System.Text.Json.Serialization;

namespace Fleet.Benchmarks;

/// <summary>One measured figure beside its reference. <see cref="Ratio"/> is value / baseline.</summary>
internal sealed record BenchmarkResult(
    [property: JsonPropertyName("benchmark")] string Benchmark,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("baseline")] double Baseline,
    [property: JsonPropertyName("ratio")] double Ratio)
{
    public static BenchmarkResult Against(string benchmark, double value, string unit, double baseline) =>
        new(benchmark, Math.Round(value, 4), unit, Math.Round(baseline, 4), baseline == 0 ? 0 : Math.Round(value / baseline, 3));
}
