using Fleet.Contracts;
using Fleet.Events;
using Fleet.MarketMonitor.Analysis;

namespace Fleet.MarketMonitor.Handlers;

/// <summary>
/// <c>market.data.collected</c> (group <c>market-monitor</c> on market.events): runs the symbol's tick script, which
/// applies the tick in sequence order exactly once (or buffers it, or recognises a duplicate) and publishes its price on
/// Pub/Sub, then publishes and confirms what it changed. A symbol outside MarketMonitor:Symbols is dead-lettered
/// (permanent); a zero or negative price never gets here (the record's validation dead-letters it).
/// </summary>
internal sealed class MarketDataCollectedHandler(MarketAnalyzer analyzer, ResultPublisher results, ILogger<MarketDataCollectedHandler> logger)
    : IEventHandler<MarketDataCollected>
{
    public async ValueTask HandleAsync(EventContext<MarketDataCollected> context, CancellationToken cancellationToken)
    {
        var tick = context.Data;
        if (!analyzer.IsKnown(tick.Symbol))
        {
            Log.UnknownSymbolRefused(logger, tick.Symbol, tick.Sequence, context.Envelope.Id.ToString());
            throw new PermanentEventException($"Symbol '{tick.Symbol}' is not one of MarketMonitor:Symbols.");
        }

        var outcome = await analyzer.ApplyAsync(tick, context.Envelope.Id, cancellationToken).ConfigureAwait(false);
        if (outcome.Status != TickStatus.Applied)
        {
            Log.TickNotApplied(logger, tick.Symbol, tick.Sequence, outcome.Status, outcome.NextSequence);
        }

        await results.PublishAsync(tick.Symbol, outcome.Results, cancellationToken).ConfigureAwait(false);
    }
}
