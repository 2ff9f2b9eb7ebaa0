using Fleet.Contracts;
using Fleet.Events;
using Fleet.MarketMonitor.Analysis;

namespace Fleet.MarketMonitor.Handlers;

/// <summary>
/// <c>market.data.collected</c> (group <c>market-monitor</c> on market.events): hands the tick to the symbol's
/// <see cref="TickBatcher"/>, whose script call (with the other ticks of the symbol this replica holds) applies it in
/// sequence order exactly once (or buffers it, or recognises a duplicate) and publishes its price on Pub/Sub, and which
/// publishes and confirms what the call changed before the tick is acknowledged. A symbol outside MarketMonitor:Symbols is dead-lettered
/// (permanent); a zero or negative price never gets here (the record's validation dead-letters it).
/// </summary>
internal sealed class MarketDataCollectedHandler(MarketAnalyzer analyzer, TickBatcher batcher, ILogger<MarketDataCollectedHandler> logger)
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

        var status = await batcher.ApplyAsync(tick, context.Envelope.Id, cancellationToken).ConfigureAwait(false);
        if (status != TickStatus.Applied)
        {
            Log.TickNotApplied(logger, tick.Symbol, tick.Sequence, status);
        }
    }
}
