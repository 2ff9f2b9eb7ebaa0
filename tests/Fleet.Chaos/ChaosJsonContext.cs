using System.Text.Json.Serialization;

namespace Fleet.Chaos;

/// <summary>Source-generated JSON for <see cref="ChaosTick"/>: <c>{"seq":1,"publisher":"p1"}</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ChaosTick))]
public sealed partial class ChaosJsonContext : JsonSerializerContext;
