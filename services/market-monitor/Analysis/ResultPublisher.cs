using Fleet.Contracts;
using Fleet.Events;
using Fleet.MarketMonitor.PriceAlerts;
using Fleet.Redis;

namespace Fleet.MarketMonitor.Analysis;

/// <summary>
/// Publishes what a tick (or a sweep) changed, then confirms it to the state so nobody publishes it again. A crash
/// between the two leaves the results unconfirmed: the next delivery of the same tick, or any run of the symbol's
/// script after <see cref="AnalysisOptions.ResultLease"/>, returns and publishes them again (at-least-once). Every copy
/// carries the same identity: causation id = the tick's event id (a crossing: <see cref="CrossingId"/>) and metadata
/// <c>result_id</c> = <c>{symbol}/{sequence}.{n}</c>.
/// </summary>
internal sealed class ResultPublisher(IEventPublisher publisher, MarketAnalyzer analyzer, ILogger<ResultPublisher> logger)
{
    public const string ResultIdMetadata = "result_id";
    public const string TickEventIdMetadata = "tick_event_id";
    public const string SkippedMetadata = "skipped";

    /// <summary>
    /// Publishes <paramref name="results"/> in order, then confirms them. When a publish fails, the results of the ticks
    /// whose results all went out are confirmed and the leases of the others released before the error is rethrown (both
    /// best effort), so the retry publishes again only what the failed tick made, as when every tick published on its
    /// own, and does so at once: also when those results belong to a tick of another delivery (buffered, then applied by
    /// this call), which the retry's own ticks would not bring back before the lease ran out.
    /// </summary>
    public async ValueTask PublishAsync(string symbol, IReadOnlyList<AnalysisResult> results, CancellationToken cancellationToken)
    {
        if (results.Count == 0)
        {
            return;
        }

        var published = 0;
        try
        {
            for (; published < results.Count; published++)
            {
                await PublishAsync(results[published], cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            await SettleUnpublishedAsync(symbol, results, published).ConfigureAwait(false);
            throw;
        }

        await analyzer.ConfirmAsync(symbol, results, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Confirms the first results up to the last tick whose results are all among the first <paramref name="published"/>
    /// and releases the leases of the rest.
    /// </summary>
    private async ValueTask SettleUnpublishedAsync(string symbol, IReadOnlyList<AnalysisResult> results, int published)
    {
        // Results come ordered by the tick that made them (TickScript); the failed one's tick is incomplete.
        var failedTick = results[published].TickEventId;
        var complete = published;
        while (complete > 0 && results[complete - 1].TickEventId == failedTick)
        {
            complete--;
        }

        try
        {
            await analyzer.ConfirmAsync(symbol, [.. results.Take(complete)], CancellationToken.None).ConfigureAwait(false);
            await analyzer.ReleaseAsync(symbol, [.. results.Skip(complete)], CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Unconfirmed, they are published again (at-least-once), when their lease runs out if it was not released;
            // the publish error is the one to report.
        }
    }

    private async ValueTask PublishAsync(AnalysisResult result, CancellationToken cancellationToken)
    {
        if (result.Trend is { } trend)
        {
            Log.TrendDetected(logger, trend.Symbol, trend.Signal, Name(trend.Direction), Name(trend.Phase), trend.Sequence, trend.Price, result.ResultKey);
            await publisher.PublishAsync(FleetStreams.Market, trend, Options(result), cancellationToken).ConfigureAwait(false);
        }
        else if (result.Anomaly is { } anomaly)
        {
            Log.AnomalyDetected(logger, anomaly.Symbol, anomaly.Reason, anomaly.Sequence, anomaly.Price, anomaly.PreviousPrice, result.Skipped, result.ResultKey);
            var options = Options(result);
            if (result.Skipped is { } skipped)
            {
                options = options with { Metadata = new Dictionary<string, string>(options.Metadata!) { [SkippedMetadata] = skipped } };
            }

            await publisher.PublishAsync(FleetStreams.Market, anomaly, options, cancellationToken).ConfigureAwait(false);
        }
        else if (result.Crossing is { } crossing)
        {
            Log.PriceAlertCrossed(logger, crossing.AlertId, crossing.UserId, crossing.Symbol, crossing.Threshold, crossing.Price, crossing.Sequence, result.ResultKey);
            var options = new PublishOptions
            {
                CausationId = CrossingId.Of(result.TickEventId, crossing.AlertId),
                UserId = crossing.UserId,
                Metadata = new Dictionary<string, string>
                {
                    [ResultIdMetadata] = result.ResultKey,
                    [TickEventIdMetadata] = result.TickEventId.ToString(),
                },
            };
            await publisher.PublishAsync(FleetStreams.Notification, PriceAlertMessage.For(crossing), options, cancellationToken).ConfigureAwait(false);
        }
    }

    private static PublishOptions Options(AnalysisResult result) => new()
    {
        CausationId = result.TickEventId,
        Metadata = new Dictionary<string, string> { [ResultIdMetadata] = result.ResultKey },
    };

    private static string Name(TrendDirection direction) => direction == TrendDirection.Up ? "up" : "down";

    private static string Name(TrendPhase phase) => phase == TrendPhase.Started ? "started" : "ended";
}
