namespace Fleet.Notifier.Webhooks;

/// <summary>The JSON body of a webhook (snake_case): the notification and the key a receiver dedupes on.</summary>
/// <param name="Id">The notification.requested event id.</param>
/// <param name="DeliveryKey">Same value as the Idempotency-Key header.</param>
/// <param name="UserId">The user.</param>
/// <param name="Topic">What it is about.</param>
/// <param name="Subject">One line.</param>
/// <param name="Body">A few lines.</param>
/// <param name="Reference">The id it refers to, or null.</param>
/// <param name="Timestamp">When the notification was requested (RFC 3339 UTC).</param>
internal sealed record WebhookPayload(
    string Id,
    string DeliveryKey,
    string UserId,
    string Topic,
    string Subject,
    string Body,
    string? Reference,
    DateTimeOffset Timestamp);
