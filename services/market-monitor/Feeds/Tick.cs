namespace Fleet.MarketMonitor.Feeds;

/// <summary>A tick the <see cref="TickScreen"/> accepted, numbered within its symbol.</summary>
internal readonly record struct Tick(string Symbol, decimal Price, decimal Volume, DateTimeOffset Time, long Sequence);
