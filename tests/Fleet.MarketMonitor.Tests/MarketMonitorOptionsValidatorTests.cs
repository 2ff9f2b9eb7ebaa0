namespace Fleet.MarketMonitor.Tests;

public sealed class MarketMonitorOptionsValidatorTests
{
    private static readonly MarketMonitorOptionsValidator Validator = new();

    [Fact]
    public void Validate_SampleSymbolsAndDefaults_Succeeds()
    {
        var options = new MarketMonitorOptions { Symbols = [.. MarketMonitorOptions.SampleSymbols], Collector = { Enabled = false } };

        var result = Validator.Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("acme", "MarketMonitor:Symbols:1 must be a symbol")]
    [InlineData("ACME", "MarketMonitor:Symbols:1 repeats 'ACME'")]
    public void Validate_BadSymbol_NamesTheOption(string second, string expected)
    {
        var options = new MarketMonitorOptions { Symbols = ["ACME", second], Collector = { Enabled = false } };

        var result = Validator.Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Speed")]
    [InlineData("TicksPerSecond")]
    [InlineData("BatchSize")]
    [InlineData("MaxLead")]
    [InlineData("MaxPause")]
    public void Validate_BadCollectorSetting_NamesTheOption(string setting)
    {
        var collector = new CollectorOptions { Enabled = false };
        switch (setting)
        {
            case "Speed": collector.Speed = -1; break;
            case "TicksPerSecond": collector.TicksPerSecond = double.NaN; break;
            case "BatchSize": collector.BatchSize = MarketMonitorOptionsValidator.MaxBatchSize + 1; break;
            case "MaxLead": collector.MaxLead = -1; break;
            default: collector.MaxPause = TimeSpan.Zero; break;
        }

        var result = Validator.Validate(null, new MarketMonitorOptions { Symbols = ["ACME"], Collector = collector });

        Assert.Contains(result.Failures!, f => f.StartsWith("MarketMonitor:Collector:" + setting, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MissingCsvWhileCollecting_NamesThePath()
    {
        var options = new MarketMonitorOptions { Symbols = ["ACME"], Collector = { CsvPath = "no/such/ticks.csv" } };

        var result = Validator.Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith("MarketMonitor:Collector:CsvPath: no file at", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MissingCsvWhileNotCollecting_Succeeds()
    {
        var options = new MarketMonitorOptions { Symbols = ["ACME"], Collector = { Enabled = false, CsvPath = "no/such/ticks.csv" } };

        Assert.True(Validator.Validate(null, options).Succeeded);
    }
}
