using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>
/// A trend started or ended for a symbol (market.events): published once when a signal's condition changes, never
/// on every tick while it holds.
/// </summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Signal">Which indicator: <c>sma_crossover</c>, <c>ema_crossover</c>, <c>rsi_overbought</c>, <c>rsi_oversold</c>.</param>
/// <param name="Direction">Up or down.</param>
/// <param name="Phase">Started or ended.</param>
/// <param name="Price">The price of the tick that changed it.</param>
/// <param name="ShortAverage">The short moving average (of the signal's kind) at that tick.</param>
/// <param name="LongAverage">The long moving average at that tick.</param>
/// <param name="Rsi">The relative strength index at that tick, 0 to 100, once enough ticks were seen.</param>
/// <param name="ChangePercent">The % change of the price over the long window.</param>
/// <param name="Time">The tick's market time.</param>
/// <param name="Sequence">The tick's sequence number.</param>
public sealed record MarketTrendDetected(
    [property: Required, RegularExpression(Ids.SymbolPattern)] string Symbol,
    [property: Required, RegularExpression("^[a-z_]{1,64}$")] string Signal,
    TrendDirection Direction,
    TrendPhase Phase,
    decimal Price,
    decimal ShortAverage,
    decimal LongAverage,
    decimal? Rsi,
    decimal ChangePercent,
    DateTimeOffset Time,
    [property: Range(1, long.MaxValue)] long Sequence);
