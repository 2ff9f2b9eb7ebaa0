using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Fleet.Benchmarks;

/// <summary>Writes a suite's results as <c>NAME.json</c> (the array CI and reviewers read) and <c>NAME.md</c> (a table).</summary>
internal static class ResultWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<bool> WriteAsync(string directory, string name, string title, IReadOnlyList<BenchmarkResult> results, IReadOnlyList<BenchmarkTarget> targets, string environment)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, name + ".json"), JsonSerializer.Serialize(results, Indented));

        var table = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# {title}")
            .AppendLine()
            .AppendLine(environment)
            .AppendLine()
            .AppendLine("| benchmark | value | unit | baseline | ratio | target | met |")
            .AppendLine("|---|---:|---|---:|---:|---|---|");
        var allMet = true;
        foreach (var result in results)
        {
            var target = targets.FirstOrDefault(t => t.Benchmark == result.Benchmark);
            var met = target?.IsMet(result);
            allMet &= met != false;
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {result.Benchmark} | {result.Value:0.####} | {result.Unit} | {result.Baseline:0.####} | {result.Ratio:0.###} | {target?.Describe() ?? "-"} | {(met is null ? "-" : met.Value ? "yes" : "NO")} |");
        }

        table.AppendLine().AppendLine("Targets: " + string.Join("; ", targets.Select(t => $"{t.Benchmark}: {t.Description}")));
        await File.WriteAllTextAsync(Path.Combine(directory, name + ".md"), table.ToString());
        Console.WriteLine(table);
        return allMet;
    }
}
