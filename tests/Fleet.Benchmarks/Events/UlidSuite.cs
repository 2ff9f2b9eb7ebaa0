using System.Diagnostics;
using System.Text;
using Fleet.Events;
using NUlid;

namespace Fleet.Benchmarks.Events;

/// <summary>
/// What an event id costs on the hot paths (`--suite ulid`), without Redis: a new id from the publisher's clock, its
/// text (the envelope's <c>id</c> field) and the consumer's parse of it from the UTF-8 bytes it reads. Nanoseconds per
/// call (fastest of interleaved rounds, as the decode suite measures) and bytes allocated per call.
/// </summary>
internal static class UlidSuite
{
    private const int Iterations = 1_000_000;
    private const int Rounds = 15;

    public static async Task<bool> RunAsync(string outputDirectory)
    {
        // A pool of distinct ids, so the parse does not read the same 26 bytes every time.
        var ids = Enumerable.Range(0, 1024).Select(_ => Ulid.NewUlid(TimeProvider.System)).ToArray();
        var texts = ids.Select(id => Encoding.UTF8.GetBytes(id.ToString())).ToArray();
        var time = TimeProvider.System;
        var sink = 0L;

        (string Name, Action<int> Step)[] paths =
        [
            ("new_id", _ => sink += Ulid.NewUlid(time).GetHashCode()),
            ("format_string", i => sink += ids[i & 1023].ToString().Length),
            ("parse_utf8", i => sink += ParseUtf8(texts[i & 1023]).GetHashCode()),
        ];

        // The paths take turns in every round, so a busy neighbour slows them alike; each keeps its fastest round.
        var best = new double[paths.Length];
        var allocated = new double[paths.Length];
        Array.Fill(best, double.MaxValue);
        for (var round = 0; round < Rounds; round++)
        {
            for (var p = 0; p < paths.Length; p++)
            {
                var (nanoseconds, bytes) = Measure(paths[p].Step);
                best[p] = Math.Min(best[p], nanoseconds);
                allocated[p] = bytes;
            }
        }

        GC.KeepAlive(sink);
        var results = new List<BenchmarkResult>();
        for (var p = 0; p < paths.Length; p++)
        {
            Console.WriteLine($"{paths[p].Name}: {best[p]:0.0} ns, {allocated[p]:0.#} bytes allocated per call");
            results.Add(BenchmarkResult.Against(paths[p].Name + "_ns", best[p], "ns", best[p]));
            results.Add(BenchmarkResult.Against(paths[p].Name + "_allocated", allocated[p], "bytes", allocated[p]));
        }

        return await ResultWriter.WriteAsync(outputDirectory, "ulid", "Event ids (per call, no Redis)", results, [], $"{Iterations} calls per round, fastest of {Rounds} interleaved rounds, one thread, {Environment.ProcessorCount} cores");
    }

    // The consumer's parse of an id field as EnvelopeCodec does it: from the UTF-8 bytes, strictly.
    private static Ulid ParseUtf8(byte[] utf8) =>
        Ulid.TryParseExact(utf8, out var id) ? id : throw new InvalidOperationException("A benchmark id did not parse.");

    /// <summary>Nanoseconds and bytes allocated per call of <paramref name="step"/> over one round.</summary>
    private static (double Nanoseconds, double Bytes) Measure(Action<int> step)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < Iterations; i++)
        {
            step(i);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        return (elapsed.TotalNanoseconds / Iterations, (double)(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / Iterations);
    }
}
