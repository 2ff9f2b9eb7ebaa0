namespace Fleet.Demo.Market;

/// <summary>What the demo saw of one symbol's ticks (changed only under <see cref="MarketWatch"/>'s lock).</summary>
internal sealed class SymbolTicks(string symbol)
{
    public string Symbol { get; } = symbol;

    /// <summary><c>market.data.collected</c> entries of this run, duplicates of a failover included.</summary>
    public int Count { get; set; }

    public decimal FirstPrice { get; set; }

    public decimal LastPrice { get; set; }

    /// <summary>The market time of the tick with <see cref="LastSequence"/>.</summary>
    public DateTimeOffset LastTime { get; set; }

    /// <summary>The highest sequence seen (the feed's tick number of this symbol).</summary>
    public long LastSequence { get; set; }

    public decimal Low { get; set; } = decimal.MaxValue;

    public decimal High { get; set; } = decimal.MinValue;
}
