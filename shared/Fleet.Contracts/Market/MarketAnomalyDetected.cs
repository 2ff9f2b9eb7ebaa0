using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>
/// A tick that was accepted or dropped but looks wrong (market.events): how market-monitor flags bad input it does not
/// dead-letter (docs/services/market-monitor.md lists what each kind of bad input gets).
/// </summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Reason">A stable code: <c>huge_jump</c>, <c>time_backwards</c>, <c>sequence_gap</c>, …</param>
/// <param name="Price">The tick's price.</param>
/// <param name="PreviousPrice">The symbol's previous price, when there was one.</param>
/// <param name="Time">The tick's market time.</param>
/// <param name="Sequence">The tick's sequence number.</param>
public sealed record MarketAnomalyDetected(
    [property: Required, RegularExpression(Ids.SymbolPattern)] string Symbol,
    [property: Required, RegularExpression("^[a-z_]{1,64}$")] string Reason,
    decimal Price,
    decimal? PreviousPrice,
    DateTimeOffset Time,
    [property: Range(1, long.MaxValue)] long Sequence);
