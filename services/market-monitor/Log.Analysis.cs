using Fleet.Contracts;
using Fleet.MarketMonitor.Analysis;
using Fleet.MarketMonitor.PriceAlerts;

namespace Fleet.MarketMonitor;

/// <content>The analysis' and price alerts' records (EventIds 8250–8299).</content>
internal static partial class Log
{
    [LoggerMessage(8250, LogLevel.Information, "{Symbol}: {Signal} {Direction} {Phase} at tick {Sequence} (price {Price}; result {ResultId})")]
    public static partial void TrendDetected(ILogger logger, string symbol, string signal, string direction, string phase, long sequence, decimal price, string resultId);

    [LoggerMessage(8251, LogLevel.Warning, "{Symbol}: anomaly {Reason} at tick {Sequence} (price {Price}, previous {PreviousPrice}, skipped {Skipped}; result {ResultId})")]
    public static partial void AnomalyDetected(ILogger logger, string symbol, string reason, long sequence, decimal price, decimal? previousPrice, string? skipped, string resultId);

    [LoggerMessage(8252, LogLevel.Information, "Price alert {AlertId} of user {UserId} crossed: {Symbol} at {Price} (threshold {Threshold}, tick {Sequence}; result {ResultId})")]
    public static partial void PriceAlertCrossed(ILogger logger, string alertId, string userId, string symbol, decimal threshold, decimal price, long sequence, string resultId);

    [LoggerMessage(8253, LogLevel.Warning, "Tick {Sequence} of unknown symbol {Symbol} (event {EventId}) refused: not in MarketMonitor:Symbols")]
    public static partial void UnknownSymbolRefused(ILogger logger, string symbol, long sequence, string eventId);

    [LoggerMessage(8254, LogLevel.Debug, "{Symbol}: tick {Sequence} {Status}")]
    public static partial void TickNotApplied(ILogger logger, string symbol, long sequence, TickStatus status);

    [LoggerMessage(8255, LogLevel.Information, "Price alert {AlertId} of user {UserId} on {Symbol} ({Direction} {Threshold}): {Outcome}")]
    public static partial void AlertSubscribed(ILogger logger, string alertId, string userId, string symbol, PriceAlertDirection direction, decimal threshold, SubscribeOutcome outcome);

    [LoggerMessage(8256, LogLevel.Information, "Price alert {AlertId} of user {UserId} on {Symbol} unsubscribed: {Outcome}")]
    public static partial void AlertUnsubscribed(ILogger logger, string alertId, string userId, string symbol, UnsubscribeOutcome outcome);

    [LoggerMessage(8257, LogLevel.Warning, "Sweep of {Symbol} failed; tried again every interval, logged again after a sweep that succeeds: {Error}")]
    public static partial void SweepFailed(ILogger logger, Exception exception, string symbol, string error);
}
