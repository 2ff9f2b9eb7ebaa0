using Fleet.Events.Transport;

namespace Fleet.Events.Consumers;

/// <summary>The statistics sampler: gauges of DESIGN.md section 8 and the trim-horizon warning of section 7.</summary>
internal sealed partial class ConsumerGroupService
{
    // Warn when the group's unprocessed entries fill this share of a length-based retention.
    private const double TrimHorizonShare = 0.8;

    private async Task StatisticsLoopAsync()
    {
        var stopping = _stopReading.Token;
        do
        {
            try
            {
                // Length, pending and lag (counted, or Redis's figure where it holds up) and the :dlq's length.
                var statistics = await _transport.GetGroupStatisticsAsync(_identity.StreamKey, _identity.DeadLetterKey, _identity.Group, stopping);
                ConsumerMetrics.Record(this, _identity, statistics);
                CheckTrimHorizon(statistics);
                if (statistics.LagCounterRepaired && statistics.ReportedLag is not 0)
                {
                    Log.LagCounterRepaired(_logger, _identity.Stream, _identity.Group, statistics.ReportedLag);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                Log.StatisticsFailed(_logger, e, _identity.Stream, _identity.Group);
            }
        }
        while (await DelayAsync(_options.StatisticsInterval, stopping));
    }

    /// <summary>
    /// Warns when entries this group has not finished (lag + pending) come near what the stream keeps: approximate
    /// trimming on publish (XADD MAXLEN ~) would drop them before they are handled. The lag is Fleet's
    /// (<see cref="GroupLag"/>), not XINFO GROUPS' figure, which a drained group can report wrongly after an AOF restart.
    /// </summary>
    private void CheckTrimHorizon(GroupStatistics statistics)
    {
        var maxLength = _fleetOptions.RetentionFor(_identity.Stream).MaxLengthValue;
        if (maxLength <= 0)
        {
            return;
        }

        var lag = statistics.Lag;
        var unprocessed = lag + statistics.Pending;
        if (unprocessed > maxLength * TrimHorizonShare)
        {
            Log.TrimHorizonNear(_logger, _identity.Stream, _identity.Group, unprocessed, lag, statistics.Pending, maxLength);
        }
    }
}
