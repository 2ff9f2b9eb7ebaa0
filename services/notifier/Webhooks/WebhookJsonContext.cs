using System.Text.Json.Serialization;

namespace Fleet.Notifier.Webhooks;

/// <summary>The source-generated contract of the webhook body.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
