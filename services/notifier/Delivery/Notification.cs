namespace Fleet.Notifier.Delivery;

/// <summary>
/// What a channel delivers: the request and its identities, without any Redis or envelope detail. It is also the webhook
/// body (WebhookJsonContext: snake_case), so a field added here reaches receivers.
/// </summary>
/// <param name="Id">The <c>notification.requested</c> event id.</param>
/// <param name="DeliveryKey">The dedupe key (<see cref="Delivery.DeliveryKey"/>); receivers use it as their idempotency key.</param>
/// <param name="UserId">The user.</param>
/// <param name="Topic">What it is about.</param>
/// <param name="Subject">One line.</param>
/// <param name="Body">A few lines.</param>
/// <param name="Reference">The id it refers to, or null.</param>
/// <param name="Timestamp">When the request was published.</param>
internal sealed record Notification(
    string Id,
    string DeliveryKey,
    string UserId,
    string Topic,
    string Subject,
    string Body,
    string? Reference,
    DateTimeOffset Timestamp);
