using System.Globalization;
using Microsoft.Extensions.Options;

namespace Fleet.MarketMonitor.Feeds;

/// <summary>Opens the configured feed (MarketMonitor:Collector:Feed) at a checkpoint's state.</summary>
internal sealed class TickFeedFactory(IOptions<MarketMonitorOptions> options, TimeProvider time)
{
    private readonly MarketMonitorOptions _options = options.Value;

    /// <summary>The feed kind as the checkpoint names it.</summary>
    public string Kind => _options.Collector.Feed == FeedKind.Random ? "random" : "csv";

    /// <summary>The input of that kind, as the checkpoint names it: the configured CSV path, or <c>seed:{Seed}</c>.</summary>
    public string Source => _options.Collector.Feed == FeedKind.Random
        ? "seed:" + _options.Collector.Seed.ToString(CultureInfo.InvariantCulture)
        : _options.Collector.CsvPath;

    /// <summary>Whether consumed rows' prices belong in the checkpoint (the random walk goes on from them).</summary>
    public bool KeepsPrices => _options.Collector.Feed == FeedKind.Random;

    /// <summary>Opens the feed where <paramref name="state"/> stopped (a state of this <see cref="Kind"/> and <see cref="Source"/>).</summary>
    public ITickFeed Open(FeedState state)
    {
        var collector = _options.Collector;
        return collector.Feed == FeedKind.Random
            ? new RandomWalkFeed(_options.Symbols, collector.Seed, collector.TicksPerSecond, time, state.Position, state.Prices)
            : new CsvTickFeed(collector.CsvFullPath, collector.Loop, new CsvPacing(time, collector.Speed, collector.MaxPause), state.Lap, state.Position);
    }
}
