namespace Fleet.Demo.Receivers;

/// <summary>An e-mail the SMTP sink accepted.</summary>
/// <param name="At">When it arrived.</param>
/// <param name="DeliveryKey">Its <c>X-Fleet-Delivery-Key</c> header (notifier's delivery key), or empty.</param>
/// <param name="To">Its recipients.</param>
/// <param name="Subject">Its subject.</param>
internal sealed record ReceivedEmail(DateTimeOffset At, string DeliveryKey, string To, string Subject);
