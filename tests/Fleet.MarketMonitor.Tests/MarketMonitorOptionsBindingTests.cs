using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fleet.MarketMonitor.Tests;

public sealed class MarketMonitorOptionsBindingTests
{
    [Fact]
    public void AddMarketMonitor_NoSymbolsSet_UsesTheSamplesSymbols()
    {
        var options = Bind(new Dictionary<string, string?>());

        Assert.Equal(MarketMonitorOptions.SampleSymbols, options.Symbols);
    }

    [Fact]
    public void AddMarketMonitor_SymbolsSet_UsesExactlyThose()
    {
        var options = Bind(new Dictionary<string, string?> { ["MarketMonitor:Symbols:0"] = "BTC-USD", ["MarketMonitor:Symbols:1"] = "ACME" });

        Assert.Equal(["BTC-USD", "ACME"], options.Symbols);
    }

    [Fact]
    public void AddMarketMonitor_Defaults_ReplayTheSampleCopiedNextToTheService()
    {
        var options = Bind(new Dictionary<string, string?>());

        Assert.Equal((FeedKind.Csv, 60d, 64), (options.Collector.Feed, options.Collector.Speed, options.Collector.BatchSize));
        Assert.True(File.Exists(options.Collector.CsvFullPath), options.Collector.CsvFullPath);
    }

    [Fact]
    public void AddMarketMonitor_FeedInLowerCase_Binds()
    {
        var options = Bind(new Dictionary<string, string?> { ["MarketMonitor:Collector:Feed"] = "random" });

        Assert.Equal(FeedKind.Random, options.Collector.Feed);
    }

    private static MarketMonitorOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddMarketMonitor(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<MarketMonitorOptions>>().Value;
    }
}
