using System.Text;
using Fleet.Demo.Receivers;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Demo.Tests;

public sealed class WebhookSignatureTests
{
    private const string Secret = "a-demo-secret-of-at-least-32-characters!";
    private const string Timestamp = "1700000000";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"01","subject":"Processed: report.pdf"}""");

    // printf '%s' '1700000000.<body>' | openssl dgst -sha256 -hmac '<secret>': computed outside this code.
    private const string OpenSslSignature = "sha256=8fd217f4c6451d288f9fce25925ffd4ab245db5f6706dc89e7062d02e26096e1";

    [Fact]
    public void Verify_SignatureOfTimestampDotBody_IsAccepted()
    {
        Assert.Null(Signature(at: 1_700_000_030).Verify(OpenSslSignature, Timestamp, Body));
    }

    [Fact]
    public void Verify_BodyChangedAfterSigning_IsRefused()
    {
        var tampered = Encoding.UTF8.GetBytes("""{"id":"01","subject":"Processed: other.pdf"}""");

        Assert.Equal("HMAC does not match", Signature(at: 1_700_000_030).Verify(OpenSslSignature, Timestamp, tampered));
    }

    [Fact]
    public void Verify_OtherSecret_IsRefused()
    {
        var signature = new WebhookSignature("another-secret-of-at-least-32-characters", Clock(1_700_000_030));

        Assert.Equal("HMAC does not match", signature.Verify(OpenSslSignature, Timestamp, Body));
    }

    [Fact]
    public void Verify_TimestampOlderThanTolerance_IsRefusedEvenWithItsSignature()
    {
        var problem = Signature(at: 1_700_000_000 + 301).Verify(OpenSslSignature, Timestamp, Body);

        Assert.Equal("timestamp 301 s away from now", problem);
    }

    [Theory]
    [InlineData(null, "no X-Fleet-Signature: sha256=…")]
    [InlineData("8fd217f4c6451d288f9fce25925ffd4ab245db5f6706dc89e7062d02e26096e1", "no X-Fleet-Signature: sha256=…")]
    [InlineData("sha256=not-hex", "signature is not hex")]
    public void Verify_MalformedSignatureHeader_SaysWhat(string? header, string expected)
    {
        Assert.Equal(expected, Signature(at: 1_700_000_030).Verify(header, Timestamp, Body));
    }

    [Fact]
    public void Verify_NoTimestamp_IsRefused()
    {
        Assert.Equal("no X-Fleet-Timestamp", Signature(at: 1_700_000_030).Verify(OpenSslSignature, null, Body));
    }

    private static WebhookSignature Signature(long at) => new(Secret, Clock(at));

    private static FakeTimeProvider Clock(long unixSeconds) => new(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));
}
