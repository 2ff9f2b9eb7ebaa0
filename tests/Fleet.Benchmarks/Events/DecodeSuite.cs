using System.Diagnostics;
using System.Text.Unicode;
using Fleet.Events;
using Fleet.Redis;
using NUlid;

namespace Fleet.Benchmarks.Events;

/// <summary>
/// The consume path's per-entry CPU cost without Redis (`--suite decode`): the public <see cref="EnvelopeCodec.Decode"/>,
/// which checks <c>data</c> as JSON, against the consumer's own steps (size check, decode deferring data, UTF-8 check),
/// each alone and followed by the typed deserialize. The public decode plus deserialize is the consume path before the
/// consumer deferred the data check, so its row is the baseline of the consumer's row.
/// </summary>
internal static class DecodeSuite
{
    private const int Iterations = 200_000;
    private const int Rounds = 30;
    private const string TickType = "bench.tick";

    private static readonly BenchmarkTarget[] Targets =
    [
        new("consumer_decode_deserialize_ns", "size check, decode and deserialize of a 256-byte event: at most the public decode (data checked) + deserialize", 1.0, AtMost: true),
    ];

    public static async Task<bool> RunAsync(string outputDirectory)
    {
        var registry = new EventTypeRegistry().Add(TickType, 1, BenchEventsJsonContext.Default.BenchTick);
        var descriptor = registry.TryGet(TickType, out var d) ? d : throw new InvalidOperationException("The tick type is not registered.");

        // Fields as the client reads them: interned names, values as bytes.
        var fields = EnvelopeCodec.Encode(new EventEnvelope
        {
            Id = Ulid.NewUlid(),
            Type = TickType,
            Version = 1,
            Timestamp = DateTimeOffset.UtcNow,
            Data = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new BenchTick(1, new string('x', 256 - 40)), BenchEventsJsonContext.Default.BenchTick),
        }).Select(f => new StreamField(f.Name, f.Value.ToArray())).ToArray();

        Func<object>[] paths =
        [
            () => EnvelopeCodec.Decode(fields),
            () => ConsumerDecode(fields),
            () => registry.Deserialize(descriptor, 1, EnvelopeCodec.Decode(fields).Data),
            () =>
            {
                var envelope = ConsumerDecode(fields);
                return registry.Deserialize(descriptor, envelope.Version, envelope.Data);
            },
        ];

        // The paths take turns in every round, so a busy neighbour slows them alike; each keeps its fastest round.
        var best = new double[paths.Length];
        Array.Fill(best, double.MaxValue);
        for (var round = 0; round < Rounds; round++)
        {
            for (var p = 0; p < paths.Length; p++)
            {
                best[p] = Math.Min(best[p], Measure(paths[p]));
            }
        }

        var (decode, consumerDecode, decodeDeserialize, consumer) = (best[0], best[1], best[2], best[3]);
        Console.WriteLine($"decode (data checked): {decode:0.0} ns; consumer decode (size, data deferred, UTF-8): {consumerDecode:0.0} ns");
        Console.WriteLine($"decode + deserialize: public {decodeDeserialize:0.0} ns, consumer {consumer:0.0} ns");
        var results = new List<BenchmarkResult>
        {
            BenchmarkResult.Against("decode_data_checked_ns", decode, "ns", decode),
            BenchmarkResult.Against("consumer_decode_ns", consumerDecode, "ns", decode),
            BenchmarkResult.Against("decode_data_checked_deserialize_ns", decodeDeserialize, "ns", decodeDeserialize),
            BenchmarkResult.Against("consumer_decode_deserialize_ns", consumer, "ns", decodeDeserialize),
        };
        return await ResultWriter.WriteAsync(outputDirectory, "decode", "Fleet.Events decode (per envelope, no Redis)", results, Targets, $"{Iterations} iterations, fastest of {Rounds} interleaved rounds, {Environment.ProcessorCount} cores");
    }

    // What DeliveryProcessor.Prepare does with an entry of a handled type before it deserializes it.
    private static EventEnvelope ConsumerDecode(StreamField[] fields)
    {
        var envelope = EnvelopeCodec.DecodeDeferringData(fields, 1024 * 1024);
        return Utf8.IsValid(envelope.Data.Span) ? envelope : throw new InvalidOperationException("The benchmark data is not UTF-8.");
    }

    /// <summary>Nanoseconds per call of <paramref name="action"/> over one round.</summary>
    private static double Measure(Func<object> action)
    {
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < Iterations; i++)
        {
            GC.KeepAlive(action());
        }

        return Stopwatch.GetElapsedTime(started).TotalNanoseconds / Iterations;
    }
}
