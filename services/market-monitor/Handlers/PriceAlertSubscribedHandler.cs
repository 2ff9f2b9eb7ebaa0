using Fleet.Contracts;
using Fleet.Events;
using Fleet.MarketMonitor.Analysis;
using Fleet.MarketMonitor.PriceAlerts;

namespace Fleet.MarketMonitor.Handlers;

/// <summary>
/// <c>alert.subscribed</c> (group <c>market-monitor</c> on user.events): stores the alert in its symbol's alerts hash,
/// unless it was unsubscribed before. The first applied tick after it only records which side of the threshold the
/// price is on; a later tick that moves it to the triggered side is a crossing. An unknown symbol is dead-lettered.
/// </summary>
internal sealed class PriceAlertSubscribedHandler(MarketAnalyzer analyzer, PriceAlertBook book, ILogger<PriceAlertSubscribedHandler> logger)
    : IEventHandler<PriceAlertSubscribed>
{
    public async ValueTask HandleAsync(EventContext<PriceAlertSubscribed> context, CancellationToken cancellationToken)
    {
        var alert = context.Data;
        if (!analyzer.IsKnown(alert.Symbol))
        {
            throw new PermanentEventException($"Price alert {alert.AlertId}: symbol '{alert.Symbol}' is not one of MarketMonitor:Symbols.");
        }

        var outcome = await book.SubscribeAsync(alert, cancellationToken).ConfigureAwait(false);
        Log.AlertSubscribed(logger, alert.AlertId, alert.UserId, alert.Symbol, alert.Direction, alert.Threshold, outcome);
    }
}
