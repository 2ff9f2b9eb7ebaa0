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
                // XINFO GROUPS (lag, pending) and XLEN of the stream and its :dlq.
                var statistics = await _transport.GetGroupStatisticsAsync(_identity.StreamKey, _identity.DeadLetterKey, _identity.Group, stopping);
                ConsumerMetrics.Record(this, _identity, statistics);
                CheckTrimHorizon(statistics);
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
    /// trimming on publish (XADD MAXLEN ~) would drop them before they are handled.
    /// </summary>
    private void CheckTrimHorizon(GroupStatistics statistics)
    {
        var maxLength = _fleetOptions.RetentionFor(_identity.Stream).MaxLengthValue;
        if (maxLength <= 0)
        {
            return;
        }

        var lag = statistics.Lag ?? 0;
        var unprocessed = lag + statistics.Pending;
        if (unprocessed > maxLength * TrimHorizonShare)
        {
            Log.TrimHorizonNear(_logger, _identity.Stream, _identity.Group, unprocessed, lag, statistics.Pending, maxLength);
        }
    }
}
