namespace Fleet.DeadLetterReaper.Tests;

public sealed class ReaperOptionsValidatorTests
{
    private static readonly ReaperOptionsValidator Validator = new();

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var result = Validator.Validate(null, new ReaperOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Defaults_RedriveMaxDeliveriesAndParkTheRest()
    {
        var options = new ReaperOptions();

        Assert.True(options.Redrives("max_deliveries"));
        Assert.False(options.Redrives("malformed"));
        Assert.False(options.Redrives("something_new"));
        Assert.Equal(Fleet.Contracts.FleetStreams.All, options.WatchedStreams);
    }

    [Fact]
    public void Policies_OverrideTheDefaults()
    {
        var options = new ReaperOptions { Policies = { ["max_deliveries"] = "park", ["permanent"] = "Redrive" } };

        Assert.False(options.Redrives("max_deliveries"));
        Assert.True(options.Redrives("permanent"));
    }

    [Theory]
    [InlineData("Reaper:Streams:0")]
    [InlineData("Reaper:Redrive:Cooldown")]
    [InlineData("Reaper:Redrive:MaxRedrives")]
    [InlineData("Reaper:Policies:max_deliveries")]
    [InlineData("Reaper:Policies:Bad-Type")]
    [InlineData("Reaper:Consumers:IdleThreshold")]
    [InlineData("Reaper:Consumers:Interval")]
    public void Validate_BadValue_NamesTheOption(string option)
    {
        var options = new ReaperOptions();
        switch (option)
        {
            case "Reaper:Streams:0": options.Streams.Add("Not A Stream"); break;
            case "Reaper:Redrive:Cooldown": options.Redrive.Cooldown = TimeSpan.FromSeconds(-1); break;
            case "Reaper:Redrive:MaxRedrives": options.Redrive.MaxRedrives = 101; break;
            case "Reaper:Policies:max_deliveries": options.Policies["max_deliveries"] = "retry"; break;
            case "Reaper:Policies:Bad-Type": options.Policies["Bad-Type"] = "park"; break;
            case "Reaper:Consumers:IdleThreshold": options.Consumers.IdleThreshold = TimeSpan.Zero; break;
            default: options.Consumers.Interval = TimeSpan.FromDays(2); break;
        }

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith(option, failure, StringComparison.Ordinal);
    }
}
