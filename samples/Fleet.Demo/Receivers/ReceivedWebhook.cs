namespace Fleet.Demo.Receivers;

/// <summary>A webhook request the receiver got.</summary>
/// <param name="At">When it arrived.</param>
/// <param name="DeliveryKey">Its <c>Idempotency-Key</c> header (notifier's delivery key), or empty.</param>
/// <param name="SignatureValid">Whether <c>X-Fleet-Signature</c> matched the body and timestamp under the secret.</param>
/// <param name="Problem">Why the signature was refused, or empty.</param>
/// <param name="Reference">The <c>reference</c> (file id) of the JSON body, or empty.</param>
/// <param name="Subject">The <c>subject</c> of the JSON body, or empty.</param>
internal sealed record ReceivedWebhook(DateTimeOffset At, string DeliveryKey, bool SignatureValid, string Problem, string Reference, string Subject);
