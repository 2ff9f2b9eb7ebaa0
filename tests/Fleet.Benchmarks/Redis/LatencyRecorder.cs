using System.Diagnostics;

namespace Fleet.Benchmarks.Redis;

/// <summary>Times each call of a serial loop and reports percentiles in milliseconds.</summary>
internal static class LatencyRecorder
{
    public static async Task<double[]> MeasureAsync(int warmup, int count, Func<ValueTask> call)
    {
        for (var i = 0; i < warmup; i++)
        {
            await call();
        }

        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(samples);
        return samples;
    }

    public static double Percentile(double[] sorted, double percentile) =>
        sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * percentile))];
}
