using System.Text;

namespace Fleet.Events.Tests.Envelope;

/// <summary>The envelope's timestamp reader: RFC 3339 section 5.6 date-times and nothing else.</summary>
public sealed class Rfc3339Tests
{
    [Theory]
    [InlineData("2026-11-22T10:30:45.123Z", "2026-11-22T10:30:45.1230000Z")]
    [InlineData("2026-11-22T10:30:45Z", "2026-11-22T10:30:45.0000000Z")]
    [InlineData("2026-11-22t10:30:45.1z", "2026-11-22T10:30:45.1000000Z")]
    [InlineData("2026-11-22T10:30:45.123456789Z", "2026-11-22T10:30:45.1234567Z")]
    [InlineData("2026-11-22T10:30:45.000000000000000000001Z", "2026-11-22T10:30:45.0000000Z")]
    [InlineData("2026-11-22T11:30:45.5+01:00", "2026-11-22T10:30:45.5000000Z")]
    [InlineData("2026-11-22T05:00:45-05:30", "2026-11-22T10:30:45.0000000Z")]
    [InlineData("2026-11-22T10:30:45-00:00", "2026-11-22T10:30:45.0000000Z")]
    [InlineData("2026-11-23T00:30:00+23:59", "2026-11-22T00:31:00.0000000Z")]
    [InlineData("2028-02-29T00:00:00Z", "2028-02-29T00:00:00.0000000Z")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.0000000Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59.9999999Z")]
    [InlineData("2016-12-31T23:59:60Z", "2016-12-31T23:59:59.9999999Z")]
    [InlineData("9999-12-31T23:59:60Z", "9999-12-31T23:59:59.9999999Z")]
    [InlineData("2016-12-31T18:59:60.5-05:00", "2016-12-31T23:59:59.9999999Z")]
    public void TryParse_Rfc3339DateTime_ReadsItAsUtc(string text, string expectedUtc)
    {
        Assert.True(Rfc3339.TryParse(Encoding.UTF8.GetBytes(text), out var timestamp));

        Assert.Equal(TimeSpan.Zero, timestamp.Offset);
        Assert.Equal(expectedUtc, timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.5")]
    [InlineData("10:30")]
    [InlineData("1/2/3")]
    [InlineData("2026-11-22")]
    [InlineData("2026-11-22 10:30:45Z")]
    [InlineData("2026-11-22T10:30:45")]
    [InlineData("2026-11-22T10:30:45.123")]
    [InlineData("2026-11-22T10:30Z")]
    [InlineData("2026-11-22T10:30:45.Z")]
    [InlineData("2026-11-22T10:30:45,123Z")]
    [InlineData("2026-11-22T10:30:45.123Z ")]
    [InlineData(" 2026-11-22T10:30:45.123Z")]
    [InlineData("2026-11-22T10:30:45.123ZZ")]
    [InlineData("2026-11-22T10:30:45+0100")]
    [InlineData("2026-11-22T10:30:45+01")]
    [InlineData("2026-11-22T10:30:45+24:00")]
    [InlineData("2026-11-22T10:30:45+01:60")]
    [InlineData("2026-11-22T10:30:45 UTC")]
    [InlineData("2026-11-22T10:30:45GMT")]
    [InlineData("26-11-22T10:30:45Z")]
    [InlineData("+2026-11-22T10:30:45Z")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-00-01T00:00:00Z")]
    [InlineData("2026-02-29T00:00:00Z")]
    [InlineData("2026-04-31T00:00:00Z")]
    [InlineData("2026-11-00T00:00:00Z")]
    [InlineData("2026-11-22T24:00:00Z")]
    [InlineData("2026-11-22T23:60:00Z")]
    [InlineData("2026-11-22T10:30:61Z")]
    [InlineData("2026-11-22T10:30:60Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:30:00+01:00")]
    [InlineData("9999-12-31T23:30:00-01:00")]
    [InlineData("2026-1a-22T10:30:45Z")]
    [InlineData("Sun, 22 Nov 2026 10:30:45 GMT")]
    [InlineData("1795336245123")]
    [InlineData("2026-W47-7T10:30:45Z")]
    public void TryParse_NotAnRfc3339DateTime_IsFalse(string text) =>
        Assert.False(Rfc3339.TryParse(Encoding.UTF8.GetBytes(text), out _));

    [Fact]
    public void TryParse_FullWidthDigitsAndInvalidUtf8_IsFalse()
    {
        Assert.False(Rfc3339.TryParse(Encoding.UTF8.GetBytes("２０２６-11-22T10:30:45Z"), out _));
        Assert.False(Rfc3339.TryParse([.. "2026-11-22T10:30:45"u8, 0xFF], out _));
    }
}
