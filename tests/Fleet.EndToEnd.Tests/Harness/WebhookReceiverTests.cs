using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Fleet.EndToEnd.Tests.Receivers;

namespace Fleet.EndToEnd.Tests.Harness;

/// <summary>The webhook receiver accepts what a correct signer sends and flags what it did not sign.</summary>
public sealed class WebhookReceiverTests
{
    private const string Secret = "receiver-test-secret";

    [Fact]
    public async Task Receive_SignedAndTamperedRequests_RecordsBothAndChecksEachSignature()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await WebhookReceiver.StartAsync(Secret, ct);
        using var client = new HttpClient();
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        const string body = """{"topic":"file.processed"}""";

        var signed = await client.SendAsync(Request(receiver.UrlFor("u1"), body, timestamp, Sign(timestamp, body), "k1"), ct);
        await client.SendAsync(Request(receiver.UrlFor("u1"), body + " ", timestamp, Sign(timestamp, body), "k2"), ct);

        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.True(Assert.Single(receiver.WithKey("k1")).SignatureValid);
        var tampered = Assert.Single(receiver.WithKey("k2"));
        Assert.False(tampered.SignatureValid);
        Assert.Equal("/hooks/u1", tampered.Path);
    }

    private static string Sign(string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));

    private static HttpRequestMessage Request(string url, string body, string timestamp, string signature, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Fleet-Timestamp", timestamp);
        request.Headers.Add("X-Fleet-Signature", signature);
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }
}
