using Fleet.DeadLetterReaper.Alerts;

namespace Fleet.DeadLetterReaper.Tests.Alerts;

public sealed class AlertsOptionsValidatorTests
{
    private static readonly AlertsOptionsValidator Validator = new();

    [Fact]
    public void Validate_Defaults_AreSeed001sThresholdsAndSucceed()
    {
        var options = new AlertsOptions();

        var result = Validator.Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(
            (TimeSpan.FromSeconds(15), 1000L, 0.05, TimeSpan.FromMinutes(5), 10_000L, 10_000L, 0.8),
            (options.Interval, options.ConsumerLag, options.ErrorRate, options.ErrorWindow, options.StreamDepth, options.DeadLetterDepth, options.MemoryRatio));
    }

    [Theory]
    [InlineData("Alerts:Interval")]
    [InlineData("Alerts:ErrorWindow")]
    [InlineData("Alerts:ConsumerLag")]
    [InlineData("Alerts:StreamDepth")]
    [InlineData("Alerts:DeadLetterDepth")]
    [InlineData("Alerts:ErrorRate")]
    [InlineData("Alerts:MemoryRatio")]
    public void Validate_BadValue_FailsNamingTheOption(string option)
    {
        var options = new AlertsOptions();
        switch (option)
        {
            case "Alerts:Interval":
                options.Interval = TimeSpan.FromMilliseconds(10);
                break;
            case "Alerts:ErrorWindow":
                options.ErrorWindow = TimeSpan.FromSeconds(5);
                break;
            case "Alerts:ConsumerLag":
                options.ConsumerLag = -1;
                break;
            case "Alerts:StreamDepth":
                options.StreamDepth = -1;
                break;
            case "Alerts:DeadLetterDepth":
                options.DeadLetterDepth = -1;
                break;
            case "Alerts:ErrorRate":
                options.ErrorRate = 5;
                break;
            case "Alerts:MemoryRatio":
                options.MemoryRatio = 0;
                break;
        }

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith(option + " ", failure, StringComparison.Ordinal);
    }
}
