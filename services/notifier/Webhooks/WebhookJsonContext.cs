using System.Text.Json.Serialization;
using Fleet.Notifier.Delivery;

namespace Fleet.Notifier.Webhooks;

/// <summary>
/// The source-generated contract of the webhook body: the <see cref="Notification"/> in snake_case, <c>{id, delivery_key,
/// user_id, topic, subject, body, reference, timestamp}</c> (docs/services/notifier.md).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(Notification))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
