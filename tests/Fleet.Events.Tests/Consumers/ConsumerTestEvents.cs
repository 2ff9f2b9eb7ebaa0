using System.Text.Json.Serialization;

namespace Fleet.Events.Tests.Consumers;

/// <summary>An event type of the consumer tests only, at version 2: v1 had no currency.</summary>
public sealed record OrderPriced(string OrderId, decimal Price, string Currency);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(OrderPriced))]
public sealed partial class ConsumerTestJsonContext : JsonSerializerContext;
