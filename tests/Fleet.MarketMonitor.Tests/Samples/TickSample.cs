using Fleet.MarketMonitor.Feeds;
using Fleet.Testing.Processes;

namespace Fleet.MarketMonitor.Tests.Samples;

/// <summary>samples/market/ticks.csv of the repository this test was built from, read as the collector reads it.</summary>
internal static class TickSample
{
    /// <summary>The committed sample's path.</summary>
    public static string Path { get; } = System.IO.Path.Combine(ServiceBinaries.RepositoryRoot, "samples", "market", "ticks.csv");

    /// <summary>Every row of the sample through the feed (unpaced) and the screen of the sample's symbols, with the refusals.</summary>
    public static (List<Tick> Ticks, List<string> Refusals) Read(string? path = null)
    {
        var ticks = new List<Tick>();
        var refusals = new List<string>();
        var screen = new TickScreen(MarketMonitorOptions.SampleSymbols);
        var state = new FeedState();
        using var feed = new CsvTickFeed(path ?? Path, loop: false, new CsvPacing(TimeProvider.System, speed: 0, TimeSpan.FromSeconds(1)));
        while (feed.TryRead(out var row))
        {
            state.Advance(row, keepPrice: false);
            if (screen.Screen(row, state, out var tick) is { } reason)
            {
                refusals.Add($"line {row.Line}: {reason}");
            }
            else
            {
                ticks.Add(tick);
            }
        }

        return (ticks, refusals);
    }
}
