using System.Text.Json.Serialization;

namespace Fleet.DeadLetterReaper.Alerts;

/// <summary>The source-generated JSON of what the evaluator keeps in Redis: the raised set's fields and the error-rate samples.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AlertRecord))]
[JsonSerializable(typeof(ErrorSample))]
internal sealed partial class AlertsJsonContext : JsonSerializerContext;
