using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Fleet.Events.Demo;

/// <summary>A file arrived (contextual.events).</summary>
public sealed record FileUploaded([property: Required] string FileId, [property: Required, StringLength(200)] string Name);

/// <summary>Its text was extracted (contextual.events).</summary>
public sealed record FileProcessed([property: Required] string FileId, int Words);

/// <summary>Someone asks for a price (market.events).</summary>
public sealed record QuoteRequested([property: Required] string Symbol);

/// <summary>The answer (market.events).</summary>
public sealed record QuoteGiven([property: Required] string Symbol, decimal Price);

/// <summary>A reminder delivered later (notification.events).</summary>
public sealed record ReminderDue([property: Required] string Text);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(FileUploaded))]
[JsonSerializable(typeof(FileProcessed))]
[JsonSerializable(typeof(QuoteRequested))]
[JsonSerializable(typeof(QuoteGiven))]
[JsonSerializable(typeof(ReminderDue))]
internal sealed partial class DemoJsonContext : JsonSerializerContext;
