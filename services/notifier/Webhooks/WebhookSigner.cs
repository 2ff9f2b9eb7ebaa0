using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Fleet.Notifier.Webhooks;

/// <summary>
/// The webhook signature (docs/services/notifier.md, "Verifying a webhook"):
/// <c>X-Fleet-Signature: sha256=</c> + lower-case hex of HMAC-SHA256(key = UTF-8 of the signing secret,
/// message = <c>{X-Fleet-Timestamp}.{body bytes}</c>), the timestamp in Unix seconds. Signing the timestamp with the
/// body lets a receiver refuse an old request replayed with its valid signature.
/// </summary>
internal sealed class WebhookSigner
{
    public const string SignatureHeader = "X-Fleet-Signature";
    public const string TimestampHeader = "X-Fleet-Timestamp";
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string SignaturePrefix = "sha256=";

    private readonly byte[] _key;

    public WebhookSigner(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _key = Encoding.UTF8.GetBytes(secret);
    }

    /// <summary>The header value for <paramref name="body"/> sent at <paramref name="unixSeconds"/>.</summary>
    public string Sign(long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return SignaturePrefix + Convert.ToHexStringLower(HMACSHA256.HashData(_key, message));
    }
}
