using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Fleet.Demo.Receivers;

/// <summary>
/// Checks notifier's webhook signature the way a receiver should (docs/fleet.md): <c>X-Fleet-Signature: sha256=&lt;hex
/// HMAC-SHA256 of "&lt;timestamp&gt;.&lt;body&gt;"&gt;</c> with <c>X-Fleet-Timestamp</c> in Unix seconds, compared in
/// constant time, and the timestamp within <see cref="Tolerance"/> of now so a captured request cannot be replayed later.
/// </summary>
internal sealed class WebhookSignature(string secret, TimeProvider time)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(secret);

    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>Null when the signature is right, else why not.</summary>
    public string? Verify(string? signature, string? timestamp, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(signature) || !signature.StartsWith("sha256=", StringComparison.Ordinal))
        {
            return "no X-Fleet-Signature: sha256=…";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return "no X-Fleet-Timestamp";
        }

        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age.Duration() > Tolerance)
        {
            return $"timestamp {age.TotalSeconds:0} s away from now";
        }

        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        var expected = HMACSHA256.HashData(_key, signed);

        byte[] given;
        try
        {
            given = Convert.FromHexString(signature.AsSpan("sha256=".Length));
        }
        catch (FormatException)
        {
            return "signature is not hex";
        }

        return CryptographicOperations.FixedTimeEquals(expected, given) ? null : "HMAC does not match";
    }
}
