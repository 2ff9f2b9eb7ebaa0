namespace Fleet.Events.Tests.LeaderLease;

public sealed class LeadershipOptionsTests
{
    [Fact]
    public void Defaults_AreValid_TenSecondsRenewedEveryThird()
    {
        var options = new LeadershipOptions();

        options.Validate();

        Assert.Equal(TimeSpan.FromSeconds(10), options.LeaseTime);
        Assert.Equal(TimeSpan.FromSeconds(10) / 3, options.EffectiveRenewInterval);
        Assert.Equal(TimeSpan.FromSeconds(10) - (TimeSpan.FromSeconds(10) / 3), options.WorkDeadline);
    }

    [Theory]
    [InlineData("00:00:00.05", null, "Fleet:Leadership:LeaseTime")]
    [InlineData("-00:00:01", null, "Fleet:Leadership:LeaseTime")]
    [InlineData("00:00:02", "00:00:01", "Fleet:Leadership:RenewInterval")]
    [InlineData("00:00:02", "00:00:00", "Fleet:Leadership:RenewInterval")]
    [InlineData("00:00:02", "00:00:03", "Fleet:Leadership:RenewInterval")]
    public void Validate_BadValue_ErrorNamesTheOption(string leaseTime, string? renewInterval, string option)
    {
        var options = new LeadershipOptions
        {
            LeaseTime = TimeSpan.Parse(leaseTime, System.Globalization.CultureInfo.InvariantCulture),
            RenewInterval = renewInterval is null ? null : TimeSpan.Parse(renewInterval, System.Globalization.CultureInfo.InvariantCulture),
        };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.StartsWith(option + " must", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StreamKeys_Leader_SharesTheStreamsHashTag()
    {
        var keys = new StreamKeys();

        Assert.Equal("fleet:{market.events}:leader:market-collector", keys.Leader("market.events", "market-collector"));
        Assert.Equal("fleet:{market.events}:leader:market-collector:fence", keys.LeaderFenceCounter("market.events", "market-collector"));
        Assert.Throws<ArgumentException>(() => keys.Leader("market.events", "Market Collector"));
        Assert.Throws<ArgumentException>(() => keys.Leader("market.events", ""));
    }
}
