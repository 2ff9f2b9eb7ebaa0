using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Fleet.Events.Tests;

/// <summary>An order placed; quantity is validated (1..1000) and the symbol is a partition key.</summary>
public sealed record OrderPlaced([property: Required] string OrderId, [property: Range(1, 1000)] int Quantity, string? Symbol = null);

/// <summary>An order shipped; no group in most tests handles it.</summary>
public sealed record OrderShipped([property: Required] string OrderId);

/// <summary>A request for a quote (request/response).</summary>
public sealed record QuoteRequested([property: Required] string Symbol);

/// <summary>The response to <see cref="QuoteRequested"/>.</summary>
public sealed record QuoteGiven([property: Required] string Symbol, decimal Price);

/// <summary>Source-generated contracts of the test events.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(OrderPlaced))]
[JsonSerializable(typeof(OrderShipped))]
[JsonSerializable(typeof(QuoteRequested))]
[JsonSerializable(typeof(QuoteGiven))]
public sealed partial class TestEventsJsonContext : JsonSerializerContext;

/// <summary>Registers the test events under their wire names.</summary>
internal static class TestEvents
{
    public const string OrderPlacedType = "order.placed";
    public const string OrderShippedType = "order.shipped";
    public const string QuoteRequestedType = "quote.requested";
    public const string QuoteGivenType = "quote.given";

    public static FleetEventsBuilder AddTestEvents(this FleetEventsBuilder builder) => builder
        .AddEventType(OrderPlacedType, 1, TestEventsJsonContext.Default.OrderPlaced)
        .AddEventType(OrderShippedType, 1, TestEventsJsonContext.Default.OrderShipped)
        .AddEventType(QuoteRequestedType, 1, TestEventsJsonContext.Default.QuoteRequested)
        .AddEventType(QuoteGivenType, 1, TestEventsJsonContext.Default.QuoteGiven);
}
