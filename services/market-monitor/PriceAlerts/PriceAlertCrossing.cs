using Fleet.Contracts;

namespace Fleet.MarketMonitor.PriceAlerts;

/// <summary>A tick moved a symbol's price from the alert's untriggered side to its triggered side.</summary>
/// <param name="AlertId">The alert (its <c>alert.subscribed</c> AlertId).</param>
/// <param name="UserId">Who to tell.</param>
/// <param name="Symbol">The instrument.</param>
/// <param name="Direction">Above (price ≥ threshold) or below (price ≤ threshold).</param>
/// <param name="Threshold">The alert's price, as subscribed.</param>
/// <param name="Price">The price of the tick that crossed.</param>
/// <param name="Time">That tick's market time.</param>
/// <param name="Sequence">That tick's sequence number.</param>
internal sealed record PriceAlertCrossing(
    string AlertId, string UserId, string Symbol, PriceAlertDirection Direction, decimal Threshold, decimal Price, DateTimeOffset Time, long Sequence);
