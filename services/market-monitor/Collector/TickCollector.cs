using System.Text.Json;
using Fleet.Contracts;
using Fleet.Events;
using Fleet.MarketMonitor.Feeds;
using Microsoft.Extensions.Options;

namespace Fleet.MarketMonitor.Collector;

/// <summary>
/// The collector, run by the replica holding the <c>market-collector</c> lease on market.events. Each term reads the
/// checkpoint, opens the feed there and publishes its ticks as <c>market.data.collected</c> in fenced batches, each
/// followed by a fenced checkpoint. A term that lost the lease stops at its next write (refused) or at once when its
/// token is cancelled. A batch published but not checkpointed before the term ended is published again by the next
/// term with the same (symbol, sequence), which the analysis drops.
/// </summary>
internal sealed class TickCollector(
    CollectorCheckpoint checkpoint,
    TickFeedFactory feeds,
    IEventPublisher publisher,
    IOptions<MarketMonitorOptions> options,
    RejectTally rejects,
    CollectorMetrics metrics,
    AnalysisLead lead,
    TimeProvider time,
    ILogger<TickCollector> logger) : ILeaderWork
{
    /// <summary>The lease's name (key <c>fleet:{market.events}:leader:market-collector</c>).</summary>
    public const string LeaseName = "market-collector";

    public async Task RunAsync(Leadership leadership, CancellationToken cancellationToken)
    {
        var state = await ReadStateAsync(cancellationToken).ConfigureAwait(false);
        using var feed = feeds.Open(state);
        Log.CollectorStarted(logger, leadership.FencingToken, state.Feed, state.Source, state.Lap, state.Position);
        var pump = new TickPump(
            feed, new TickScreen(options.Value.Symbols), state, feeds.KeepsPrices, options.Value.Collector.BatchSize, time, rejects, logger);
        try
        {
            await pump.RunAsync((batch, token) => FlushAsync(leadership, state, batch, token), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.CollectorStopped(logger, leadership.FencingToken, state.Position);
        }
        catch (LeadershipLostException)
        {
            Log.CollectorDeposed(logger, leadership.FencingToken, state.Position);
        }
        finally
        {
            rejects.Summarize();
        }
    }

    private async ValueTask<FeedState> ReadStateAsync(CancellationToken cancellationToken)
    {
        FeedState? saved;
        try
        {
            saved = await checkpoint.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            // Not a state this version wrote: starting over is the only way on; the sequences start over too.
            Log.CheckpointUnreadable(logger, e, checkpoint.Key);
            saved = null;
        }

        var state = (saved ?? new FeedState()).ContinueWith(feeds.Kind, feeds.Source);
        if (saved is not null && !ReferenceEquals(saved, state))
        {
            Log.CheckpointOfAnotherFeed(logger, saved.Feed, saved.Source, state.Feed, state.Source);
        }

        return state;
    }

    private async ValueTask FlushAsync(Leadership leadership, FeedState state, IReadOnlyList<Tick> batch, CancellationToken cancellationToken)
    {
        if (batch.Count > 0)
        {
            var events = new MarketDataCollected[batch.Count];
            for (var i = 0; i < events.Length; i++)
            {
                events[i] = TickScreen.ToEvent(batch[i], leadership.FencingToken);
            }

            var fenced = new PublishOptions { Fence = leadership.Fence };
            await RetryAsync(() => publisher.PublishBatchAsync(FleetStreams.Market, events, fenced, cancellationToken), "publish", cancellationToken)
                .ConfigureAwait(false);
            metrics.Published(events.Length);
        }

        // Only after the batch is in the stream: a checkpoint never runs ahead of what was published.
        await RetryAsync(() => checkpoint.WriteAsync(leadership.Fence, state, cancellationToken), "checkpoint", cancellationToken).ConfigureAwait(false);
        await RetryAsync(() => lead.WaitAsync(batch.Count, cancellationToken), "backlog check", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Retries one write while it fails for another reason than lost leadership (Redis unreachable for a moment): the
    /// lease's own deadline cancels the token if the outage outlasts it. A publish retried after a lost reply may append
    /// the batch twice; the analysis drops the second copy by (symbol, sequence).
    /// </summary>
    private async ValueTask RetryAsync<T>(Func<ValueTask<T>> write, string what, CancellationToken cancellationToken)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                await write().ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not (LeadershipLostException or OperationCanceledException or OutOfMemoryException))
            {
                var delay = RetryBackoff.Delay(failures);
                Log.WriteFailed(logger, e, what, failures, delay);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private ValueTask RetryAsync(Func<ValueTask> write, string what, CancellationToken cancellationToken) =>
        RetryAsync(async () =>
        {
            await write().ConfigureAwait(false);
            return true;
        }, what, cancellationToken);
}
