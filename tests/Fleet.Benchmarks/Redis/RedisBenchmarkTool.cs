using System.Diagnostics;
using System.Globalization;

namespace Fleet.Benchmarks.Redis;

/// <summary>Runs <c>redis-benchmark</c> (from the redis-tools package) and reads its CSV line.</summary>
internal static class RedisBenchmarkTool
{
    public sealed record Figures(double RequestsPerSecond, double P50Milliseconds);

    public static async Task<Figures> RunAsync(int port, int clients, int pipeline, int requests, params string[] command)
    {
        var info = new ProcessStartInfo("redis-benchmark")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-c", clients.ToString(CultureInfo.InvariantCulture), "-P", pipeline.ToString(CultureInfo.InvariantCulture), "-n", requests.ToString(CultureInfo.InvariantCulture), "--csv" }.Concat(command))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("redis-benchmark did not start; install redis-tools.");
        // Both pipes at once: a full stderr pipe would otherwise block the tool while stdout is read.
        var outputRead = process.StandardOutput.ReadToEndAsync();
        var errorsRead = process.StandardError.ReadToEndAsync();
        var output = await outputRead;
        var errors = await errorsRead;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-benchmark failed ({process.ExitCode}): {errors}");
        }

        // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms",...
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Last(l => !l.StartsWith("\"test\"", StringComparison.Ordinal));
        var cells = line.Split(',').Select(c => c.Trim('"')).ToArray();
        return new Figures(
            double.Parse(cells[1], CultureInfo.InvariantCulture),
            double.Parse(cells[4], CultureInfo.InvariantCulture));
    }
}
