using Fleet.Contracts;
using Fleet.Events;
using Fleet.MarketMonitor.Analysis;

namespace Fleet.MarketMonitor.Handlers;

/// <summary>
/// <c>market.data.collected</c> (group <c>market-monitor</c> on market.events), a batch at a time (ADR 0012): the ticks of
/// one read go to Redis in one <see cref="TickScript"/> call per symbol, the symbols' calls side by side. Each call
/// applies its ticks in sequence order exactly once (or buffers them, or recognises duplicates) and publishes their
/// prices on Pub/Sub; its results are published and confirmed before the call's ticks are acknowledged. A call that
/// fails fails every tick in it (retried and redelivered as usual; the script recognises the ones it applied and hands
/// back their unconfirmed results); the other symbols' ticks are acknowledged. A symbol outside MarketMonitor:Symbols is
/// dead-lettered (permanent); a zero or negative price never gets here (the record's validation dead-letters it).
/// </summary>
internal sealed class MarketDataCollectedHandler(MarketAnalyzer analyzer, ResultPublisher results, ILogger<MarketDataCollectedHandler> logger)
    : IEventBatchHandler<MarketDataCollected>
{
    /// <summary>Ticks per script call at most: a script blocks Redis while it runs, so a call stays a few milliseconds.</summary>
    public const int MaxTicksPerCall = 256;

    public async ValueTask HandleAsync(EventBatch<MarketDataCollected> batch, CancellationToken cancellationToken)
    {
        var symbols = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var tick = batch[i].Data;
            if (!analyzer.IsKnown(tick.Symbol))
            {
                Log.UnknownSymbolRefused(logger, tick.Symbol, tick.Sequence, batch[i].Envelope.Id.ToString());
                batch.Fail(i, new PermanentEventException($"Symbol '{tick.Symbol}' is not one of MarketMonitor:Symbols."));
                continue;
            }

            if (!symbols.TryGetValue(tick.Symbol, out var indices))
            {
                symbols.Add(tick.Symbol, indices = []);
            }

            indices.Add(i);
        }

        var calls = new List<Task>(symbols.Count);
        foreach (var (symbol, indices) in symbols)
        {
            for (var first = 0; first < indices.Count; first += MaxTicksPerCall)
            {
                calls.Add(ApplyAsync(batch, symbol, indices.GetRange(first, Math.Min(MaxTicksPerCall, indices.Count - first)), cancellationToken));
            }
        }

        await Task.WhenAll(calls).ConfigureAwait(false);
    }

    /// <summary>One script call for <paramref name="indices"/> (ticks of <paramref name="symbol"/>), then its results; a failure fails those ticks only.</summary>
    private async Task ApplyAsync(EventBatch<MarketDataCollected> batch, string symbol, List<int> indices, CancellationToken cancellationToken)
    {
        try
        {
            var ticks = new TickDelivery[indices.Count];
            for (var i = 0; i < ticks.Length; i++)
            {
                var context = batch[indices[i]];
                ticks[i] = new TickDelivery(context.Data, context.Envelope.Id);
            }

            var outcome = await analyzer.ApplyAsync(symbol, ticks, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < ticks.Length; i++)
            {
                if (outcome.Statuses[i] != TickStatus.Applied)
                {
                    Log.TickNotApplied(logger, symbol, ticks[i].Tick.Sequence, outcome.Statuses[i]);
                }
            }

            await results.PublishAsync(symbol, outcome.Results, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            foreach (var index in indices)
            {
                batch.Fail(index, e);
            }
        }
    }
}
