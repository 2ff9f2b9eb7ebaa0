using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Fleet.Events.Tests.Contracts;

public sealed record OrderLine([property: Required, StringLength(10)] string Name, [property: Range(1, 100)] int Quantity);

public sealed record Customer([property: Required, RegularExpression("^[a-z]+$")] string Id, Address? Address);

public sealed record Address([property: Required] string City);

public sealed record OrderPlaced(
    [property: Required] Customer Customer,
    [property: MaxLength(5)] IReadOnlyList<OrderLine> Lines,
    IReadOnlyDictionary<string, OrderLine>? Extras = null,
    OrderLine[]? Returned = null);

/// <summary>A record whose own rule (IValidatableObject) is checked when it is nested, with its path.</summary>
public sealed record Window(DateTimeOffset From, DateTimeOffset To) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (To < From)
        {
            yield return new ValidationResult("To must not be before From.", [nameof(To)]);
        }
    }
}

public sealed record ReportRequested([property: Required] Window Window);

/// <summary>A node that can point back at itself: the validator must end, and check each node once.</summary>
public sealed class Node
{
    [Required]
    public string? Name { get; set; }

    public Node? Next { get; set; }
}

public sealed record Chain([property: Required] Node Head);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(OrderPlaced))]
[JsonSerializable(typeof(ReportRequested))]
[JsonSerializable(typeof(Chain))]
public sealed partial class NestedValidationJsonContext : JsonSerializerContext;

/// <summary>The contract validation of nested records, collections of them and dictionaries of them.</summary>
public sealed class NestedValidationTests
{
    private static readonly OrderLine Good = new("apple", 2);

    private static EventTypeRegistry Registry() => new EventTypeRegistry()
        .Add("order.placed", 1, NestedValidationJsonContext.Default.OrderPlaced)
        .Add("report.requested", 1, NestedValidationJsonContext.Default.ReportRequested)
        .Add("chain.built", 1, NestedValidationJsonContext.Default.Chain);

    [Fact]
    public void Serialize_NestedRecordBreakingARule_NamesItsPath()
    {
        var order = new OrderPlaced(new Customer("Not Valid", new Address("")), [Good]);

        var error = Assert.Throws<EventValidationException>(() => Registry().Serialize(order, out _));

        Assert.Equal(["Customer.Id", "Customer.Address.City"], error.Failures.Select(f => f.Member));
        Assert.Contains("Customer.Address.City", error.Failures[1].Message, StringComparison.Ordinal);
        Assert.Equal(error.Failures.Select(f => f.Message), error.Errors);
    }

    [Fact]
    public void Serialize_CollectionItemsBreakingRules_NameTheirIndexAndKey()
    {
        var order = new OrderPlaced(
            new Customer("ann", null),
            [Good, Good, new OrderLine("", 0)],
            new Dictionary<string, OrderLine> { ["gift"] = new("a name too long", 1) },
            [Good, new OrderLine("pear", 101)]);

        var error = Assert.Throws<EventValidationException>(() => Registry().Serialize(order, out _));

        Assert.Equal(["Lines[2].Name", "Lines[2].Quantity", "Extras[gift].Name", "Returned[1].Quantity"], error.Failures.Select(f => f.Member));
        Assert.Contains("The Lines[2].Name field is required.", error.Errors);
    }

    [Fact]
    public void Serialize_NestedValidData_IsAccepted()
    {
        var order = new OrderPlaced(new Customer("ann", new Address("Oslo")), [Good], new Dictionary<string, OrderLine> { ["gift"] = Good }, [Good]);

        var bytes = Registry().Serialize(order, out var descriptor);

        Assert.Equal("order.placed", descriptor.Name);
        Assert.NotEmpty(bytes);
    }

    [Fact]
    public void Serialize_NestedValidatableObjectBroken_NamesItsPath()
    {
        var from = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

        var error = Assert.Throws<EventValidationException>(() => Registry().Serialize(new ReportRequested(new Window(from, from.AddHours(-1))), out _));

        var failure = Assert.Single(error.Failures);
        Assert.Equal("Window.To", failure.Member);
        Assert.Equal("Window: To must not be before From.", failure.Message);
    }

    [Fact]
    public void Deserialize_NestedItemBreakingARule_IsAValidationError()
    {
        var error = Assert.Throws<EventValidationException>(() =>
            Registry().Deserialize("order.placed", 1, """{"customer":{"id":"ann"},"lines":[{"name":"apple","quantity":500}]}"""u8.ToArray()));

        Assert.Equal("Lines[0].Quantity", Assert.Single(error.Failures).Member);
    }

    [Fact]
    public void Validate_Cycle_EndsAndChecksEachObjectOnce()
    {
        var first = new Node();
        var second = new Node { Name = "second", Next = first };
        first.Next = second;
        var chain = new Chain(first);

        var error = Assert.Throws<EventValidationException>(() => Registry().Serialize(chain, out _));

        Assert.Equal("Head.Name", Assert.Single(error.Failures).Member);
    }
}
