using Fleet.MarketMonitor.Analysis;

namespace Fleet.MarketMonitor.Tests.Analysis;

public sealed class AnalysisOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreValid() =>
        Assert.True(new AnalysisOptionsValidator().Validate(null, new AnalysisOptions()).Succeeded);

    [Theory]
    [InlineData("ShortWindow", "MarketMonitor:Analysis:ShortWindow (20) must be less than LongWindow (20).")]
    [InlineData("RsiPeriod", "MarketMonitor:Analysis:RsiPeriod must be between 1 and 1000; got 0.")]
    [InlineData("MaxJumpPercent", "MarketMonitor:Analysis:MaxJumpPercent must be a number greater than 0; got 0.")]
    [InlineData("RsiOversold", "MarketMonitor:Analysis:RsiOversold (80) and RsiOverbought (70) must satisfy 0 <= oversold < overbought <= 100.")]
    [InlineData("GapTimeout", "MarketMonitor:Analysis:GapTimeout must be greater than 0; got 00:00:00.")]
    [InlineData("MaxBufferedTicks", "MarketMonitor:Analysis:MaxBufferedTicks must be between 1 and 100000; got 0.")]
    public void BadValue_FailsNamingTheOption(string option, string message)
    {
        var options = new AnalysisOptions();
        switch (option)
        {
            case "ShortWindow": options.ShortWindow = 20; break;
            case "RsiPeriod": options.RsiPeriod = 0; break;
            case "MaxJumpPercent": options.MaxJumpPercent = 0; break;
            case "RsiOversold": options.RsiOversold = 80; break;
            case "GapTimeout": options.GapTimeout = TimeSpan.Zero; break;
            default: options.MaxBufferedTicks = 0; break;
        }

        var result = new AnalysisOptionsValidator().Validate(null, options);

        Assert.Equal([message], result.Failures);
    }
}
