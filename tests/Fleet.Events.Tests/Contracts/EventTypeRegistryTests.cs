using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Fleet.Events.Tests.Contracts;

public sealed record PriceV1([property: Required] string Symbol, decimal Price);

public sealed record PriceV3(
    [property: Required, RegularExpression("^[A-Z]{1,5}$")] string Symbol,
    [property: Range(0.0, 1_000_000.0)] decimal Price,
    [property: Required, StringLength(3, MinimumLength = 3)] string Currency,
    [property: MaxLength(4)] IReadOnlyList<string> Tags);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PriceV1))]
[JsonSerializable(typeof(PriceV3))]
public sealed partial class RegistryTestsJsonContext : JsonSerializerContext;

public sealed class EventTypeRegistryTests
{
    private static EventTypeRegistry CurrentPrices() => new EventTypeRegistry()
        .Add("price.quoted", 3, RegistryTestsJsonContext.Default.PriceV3)
        .AddUpcaster("price.quoted", 1, v1 =>
        {
            v1["currency"] = "USD";
            return v1;
        })
        .AddUpcaster("price.quoted", 2, v2 =>
        {
            v2["tags"] ??= new JsonArray();
            return v2;
        });

    [Fact]
    public void Serialize_RegisteredType_UsesItsSourceGeneratedContract()
    {
        var registry = CurrentPrices();

        var bytes = registry.Serialize(new PriceV3("AAPL", 190.5m, "USD", ["tech"]), out var descriptor);

        Assert.Equal("price.quoted", descriptor.Name);
        Assert.Equal(3, descriptor.Version);
        Assert.Equal("""{"symbol":"AAPL","price":190.5,"currency":"USD","tags":["tech"]}""", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Serialize_InvalidData_ThrowsListingEveryBrokenRule()
    {
        var registry = CurrentPrices();

        var error = Assert.Throws<EventValidationException>(() => registry.Serialize(new PriceV3("toolong", -1m, "US", ["a", "b", "c", "d", "e"]), out _));

        Assert.Equal("price.quoted", error.EventType);
        Assert.Equal(4, error.Errors.Count);
        Assert.Contains("Symbol", error.Message, StringComparison.Ordinal);
        Assert.Contains("Price", error.Message, StringComparison.Ordinal);
        Assert.Contains("Currency", error.Message, StringComparison.Ordinal);
        Assert.Contains("Tags", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_UnregisteredType_ThrowsNamingIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CurrentPrices().Serialize(new PriceV1("A", 1m), out _));

        Assert.Contains("PriceV1 is not a registered event type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_CurrentVersion_ReadsAndValidates()
    {
        var data = (PriceV3)CurrentPrices().Deserialize("price.quoted", 3, """{"symbol":"MSFT","price":1,"currency":"EUR","tags":["x"]}"""u8.ToArray());

        Assert.Equal(("MSFT", 1m, "EUR"), (data.Symbol, data.Price, data.Currency));
        Assert.Equal(["x"], data.Tags);
    }

    [Fact]
    public void Deserialize_OlderVersion_AppliesEveryUpcasterInOrder()
    {
        var data = (PriceV3)CurrentPrices().Deserialize("price.quoted", 1, """{"symbol":"MSFT","price":2}"""u8.ToArray());

        Assert.Equal("USD", data.Currency);
        Assert.Empty(data.Tags);
        Assert.Equal(2m, data.Price);
    }

    [Fact]
    public void Deserialize_NewerVersion_ThrowsUnknownVersion()
    {
        var error = Assert.Throws<UnknownEventVersionException>(() => CurrentPrices().Deserialize("price.quoted", 4, """{"symbol":"X"}"""u8.ToArray()));

        Assert.Contains("v4 is newer than the v3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_OlderVersionWithoutUpcaster_ThrowsUnknownVersion()
    {
        var registry = new EventTypeRegistry().Add("price.quoted", 3, RegistryTestsJsonContext.Default.PriceV3);

        var error = Assert.Throws<UnknownEventVersionException>(() => registry.Deserialize("price.quoted", 2, """{"symbol":"X"}"""u8.ToArray()));

        Assert.Contains("no upcaster from v2 to v3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_DataBreakingRules_ThrowsValidation()
    {
        var error = Assert.Throws<EventValidationException>(() =>
            CurrentPrices().Deserialize("price.quoted", 3, """{"symbol":"lower","price":1,"currency":"EUR","tags":[]}"""u8.ToArray()));

        Assert.Contains("Symbol", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_JsonNotMatchingTheRecord_ThrowsValidation()
    {
        var error = Assert.Throws<EventValidationException>(() =>
            CurrentPrices().Deserialize("price.quoted", 3, """{"symbol":"A","price":"not a number"}"""u8.ToArray()));

        Assert.Contains("does not match PriceV3 v3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_DuplicateNameOrType_Throws()
    {
        var registry = CurrentPrices();

        Assert.Throws<InvalidOperationException>(() => registry.Add("price.quoted", 1, RegistryTestsJsonContext.Default.PriceV1));
        Assert.Throws<InvalidOperationException>(() => registry.Add("price.other", 1, RegistryTestsJsonContext.Default.PriceV3));
        Assert.Throws<ArgumentException>(() => registry.Add("Price", 1, RegistryTestsJsonContext.Default.PriceV1));
        Assert.Throws<ArgumentOutOfRangeException>(() => registry.Add("price.v0", 0, RegistryTestsJsonContext.Default.PriceV1));
    }

    [Fact]
    public void ExportJsonSchema_RegisteredType_DescribesFieldsAndRules()
    {
        var schema = CurrentPrices().ExportJsonSchema("price.quoted");

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string?)schema["$schema"]);
        Assert.Equal("price.quoted", (string?)schema["title"]);
        Assert.Equal(3, (int?)schema["x-fleet-version"]);
        var properties = schema["properties"]!.AsObject();
        Assert.Equal(["symbol", "price", "currency", "tags"], properties.Select(p => p.Key));
        Assert.Equal("^[A-Z]{1,5}$", (string?)properties["symbol"]!["pattern"]);
        Assert.Equal(0d, (double?)properties["price"]!["minimum"]);
        Assert.Equal(1_000_000d, (double?)properties["price"]!["maximum"]);
        Assert.Equal(3, (int?)properties["currency"]!["minLength"]);
        Assert.Equal(3, (int?)properties["currency"]!["maxLength"]);
        Assert.Equal(4, (int?)properties["tags"]!["maxItems"]);
        var required = schema["required"]!.AsArray().Select(r => (string?)r).ToList();
        Assert.Contains("symbol", required);
        Assert.Contains("currency", required);
    }

    [Fact]
    public void ExportJsonSchemas_EveryType_KeyedByName()
    {
        var registry = CurrentPrices().Add("price.legacy", 1, RegistryTestsJsonContext.Default.PriceV1);

        var schemas = registry.ExportJsonSchemas();

        Assert.Equal(["price.legacy", "price.quoted"], schemas.Keys.Order());
        Assert.Throws<InvalidOperationException>(() => registry.ExportJsonSchema("no.such"));
    }
}
