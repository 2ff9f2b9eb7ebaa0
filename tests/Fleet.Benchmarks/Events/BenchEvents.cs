using System.Text.Json.Serialization;

namespace Fleet.Benchmarks.Events;

/// <summary>The event of the pipeline benchmark; <see cref="Payload"/> makes its data 256 bytes of JSON.</summary>
internal sealed record BenchTick(long Sequence, string Payload);

/// <summary>A request of the request/response benchmarks.</summary>
internal sealed record BenchPing(long Sequence);

/// <summary>The response to <see cref="BenchPing"/>.</summary>
internal sealed record BenchPong(long Sequence);

[JsonSerializable(typeof(BenchTick))]
[JsonSerializable(typeof(BenchPing))]
[JsonSerializable(typeof(BenchPong))]
internal sealed partial class BenchEventsJsonContext : JsonSerializerContext;
