using Fleet.Contracts;

namespace Fleet.Demo.Market;

/// <summary>A price alert threshold the replay will cross, found in the sample.</summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Direction">Above (a new high crosses it) or below (a new low).</param>
/// <param name="Threshold">The threshold.</param>
/// <param name="From">The price of the last tick seen when it was chosen.</param>
/// <param name="CrossingPrice">The price of the tick that crosses it.</param>
/// <param name="TicksAhead">How many of the symbol's ticks after the last one seen that tick comes.</param>
internal sealed record PlannedCrossing(string Symbol, PriceAlertDirection Direction, decimal Threshold, decimal From, decimal CrossingPrice, int TicksAhead);
