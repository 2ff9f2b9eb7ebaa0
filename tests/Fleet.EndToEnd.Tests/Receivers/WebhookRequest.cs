namespace Fleet.EndToEnd.Tests.Receivers;

/// <summary>One POST the webhook receiver got, with what its headers claimed and whether the signature held.</summary>
/// <param name="Path">The request path (the user's webhook URL's path).</param>
/// <param name="IdempotencyKey">The <c>Idempotency-Key</c> header: notifier's delivery key.</param>
/// <param name="Body">The body as text (JSON).</param>
/// <param name="SignatureValid">Whether <c>X-Fleet-Signature</c> is <c>sha256=</c> the HMAC-SHA256 of <c>"&lt;X-Fleet-Timestamp&gt;.&lt;body&gt;"</c> under the signing secret.</param>
/// <param name="Timestamp">The <c>X-Fleet-Timestamp</c> header (Unix seconds), or null.</param>
internal sealed record WebhookRequest(string Path, string? IdempotencyKey, string Body, bool SignatureValid, string? Timestamp);
