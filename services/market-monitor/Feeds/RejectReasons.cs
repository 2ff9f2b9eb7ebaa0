namespace Fleet.MarketMonitor.Feeds;

/// <summary>Why the collector refuses a row: the <c>reason</c> tag of <c>fleet.market.collector.rejected</c>.</summary>
internal static class RejectReasons
{
    /// <summary>Wrong number of columns, or a time, price or volume that does not parse.</summary>
    public const string Unparsable = "unparsable";

    /// <summary>A symbol not in MarketMonitor:Symbols.</summary>
    public const string UnknownSymbol = "unknown_symbol";

    /// <summary>A price of zero or less.</summary>
    public const string BadPrice = "bad_price";

    /// <summary>A negative volume.</summary>
    public const string NegativeVolume = "negative_volume";

    /// <summary>A time before the symbol's previous accepted tick.</summary>
    public const string TimeBackwards = "time_backwards";
}
