using System.Globalization;
using System.Text;
using Fleet.Notifier.Webhooks;

namespace Fleet.Notifier.Tests.Webhooks;

public sealed class WebhookSignerTests
{
    private const string Secret = "fleet-test-signing-secret-0123456789abcdef";

    [Fact]
    public void Sign_KnownBody_MatchesOpenSsl()
    {
        // printf '%s' '1700000000.{"id":"x"}' | openssl dgst -sha256 -hmac 'fleet-test-signing-secret-0123456789abcdef'
        var signature = new WebhookSigner(Secret).Sign(1_700_000_000, """{"id":"x"}"""u8);

        Assert.Equal("sha256=9841f31f8a7419a55374278f689309c490dc2d5f5bc5163b5eccc05ca0172f6e", signature);
    }

    [Theory]
    [InlineData("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")]
    public void ReferenceHmac_Rfc4231Vectors_Match(string keyHex, string dataHex, string expectedHex)
    {
        // RFC 4231 test cases 2 and 1: the second implementation the signer is compared with is itself right.
        var mac = ReferenceHmac.Sha256(Convert.FromHexString(keyHex), Convert.FromHexString(dataHex));

        Assert.Equal(expectedHex, Convert.ToHexStringLower(mac));
    }

    [Theory]
    [InlineData(0L, "")]
    [InlineData(1_764_633_600L, """{"id":"01JDTESTTESTTESTTESTTESTTE","subject":"Ünïcödé ✓"}""")]
    public void Sign_AnyBody_EqualsHmacOfTimestampDotBody(long timestamp, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var message = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".").Concat(body).ToArray();

        var signature = new WebhookSigner(Secret).Sign(timestamp, body);

        Assert.Equal("sha256=" + Convert.ToHexStringLower(ReferenceHmac.Sha256(Encoding.UTF8.GetBytes(Secret), message)), signature);
    }

    [Fact]
    public void Sign_AnotherSecret_GivesAnotherSignature()
    {
        var body = """{"id":"x"}"""u8.ToArray();

        Assert.NotEqual(new WebhookSigner(Secret).Sign(1, body), new WebhookSigner(Secret + "!").Sign(1, body));
    }
}
