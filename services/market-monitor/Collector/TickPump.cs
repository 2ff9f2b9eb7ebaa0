using System.Globalization;
using Fleet.MarketMonitor.Feeds;

namespace Fleet.MarketMonitor.Collector;

/// <summary>
/// One term's loop: reads rows, waits for each to be due (TimeProvider), screens it into the batch or refuses it, and
/// hands the batch to <c>flush</c> when it is full or before any wait, so a tick never sits in a batch while the
/// collector sleeps. The state moves only past rows that are in the batch or refused, so a flush's state names exactly
/// what it published. At the end of a feed that does not loop it flushes, logs once and idles until cancelled.
/// </summary>
internal sealed class TickPump(ITickFeed feed, TickScreen screen, FeedState state, bool keepPrices, int batchSize, TimeProvider time, RejectTally rejects, ILogger logger)
{
    public delegate ValueTask Flush(IReadOnlyList<Tick> batch, CancellationToken cancellationToken);

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled or <paramref name="flush"/> throws.</summary>
    public async Task RunAsync(Flush flush, CancellationToken cancellationToken)
    {
        var batch = new List<Tick>(batchSize);
        var consumed = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!feed.TryRead(out var row))
            {
                if (consumed)
                {
                    await flush(batch, cancellationToken).ConfigureAwait(false);
                }

                rejects.Summarize();
                Log.FeedEnded(logger, state.Feed, state.Position);
                await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken).ConfigureAwait(false);
            }

            if (row.DueAt > time.GetUtcNow())
            {
                if (consumed)
                {
                    await flush(batch, cancellationToken).ConfigureAwait(false);
                    batch.Clear();
                    consumed = false;
                }

                // Measured after the flush: the time it took is part of the wait, not added to it.
                var wait = row.DueAt - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                }
            }

            state.Advance(row, keepPrices);
            consumed = true;
            if (screen.Screen(row, state, out var tick) is { } reason)
            {
                rejects.Record(reason, row.Line, Problem(row, reason));
            }
            else
            {
                batch.Add(tick);
                if (batch.Count >= batchSize)
                {
                    await flush(batch, cancellationToken).ConfigureAwait(false);
                    batch.Clear();
                    consumed = false;
                }
            }
        }
    }

    private string Problem(in FeedRow row, string reason) => reason switch
    {
        RejectReasons.Unparsable => row.Unparsable!,
        RejectReasons.UnknownSymbol => $"symbol '{row.Symbol}' is not in MarketMonitor:Symbols",
        RejectReasons.BadPrice => string.Create(CultureInfo.InvariantCulture, $"{row.Symbol} price {row.Price} is not above 0"),
        RejectReasons.NegativeVolume => string.Create(CultureInfo.InvariantCulture, $"{row.Symbol} volume {row.Volume} is negative"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{row.Symbol} time {row.Time:O} is before its last tick's {state.LastTimes[row.Symbol]:O}"),
    };
}
