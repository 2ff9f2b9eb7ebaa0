using Fleet.Contracts;
using Fleet.Events;
using Fleet.MarketMonitor.Analysis;
using Fleet.MarketMonitor.PriceAlerts;

namespace Fleet.MarketMonitor.Handlers;

/// <summary>
/// <c>alert.unsubscribed</c> (group <c>market-monitor</c> on user.events): removes the alert (only its owner's) and
/// leaves a tombstone, so a subscribe handled after it (out of order) is ignored. Unknown alert ids are fine; an unknown
/// symbol is dead-lettered.
/// </summary>
internal sealed class PriceAlertUnsubscribedHandler(MarketAnalyzer analyzer, PriceAlertBook book, ILogger<PriceAlertUnsubscribedHandler> logger)
    : IEventHandler<PriceAlertUnsubscribed>
{
    public async ValueTask HandleAsync(EventContext<PriceAlertUnsubscribed> context, CancellationToken cancellationToken)
    {
        var alert = context.Data;
        if (!analyzer.IsKnown(alert.Symbol))
        {
            throw new PermanentEventException($"Price alert {alert.AlertId}: symbol '{alert.Symbol}' is not one of MarketMonitor:Symbols.");
        }

        var outcome = await book.UnsubscribeAsync(alert, cancellationToken).ConfigureAwait(false);
        Log.AlertUnsubscribed(logger, alert.AlertId, alert.UserId, alert.Symbol, outcome);
    }
}
