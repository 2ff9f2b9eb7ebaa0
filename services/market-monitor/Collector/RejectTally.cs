namespace Fleet.MarketMonitor.Collector;

/// <summary>
/// Counts refused rows per reason for the process's life: each is counted in <c>fleet.market.collector.rejected</c>, the
/// first of each reason is logged as a Warning with its line, the rest only counted, and <see cref="Summarize"/> logs
/// how many there were since the last summary (so a file full of bad rows does not flood the log).
/// </summary>
internal sealed class RejectTally(CollectorMetrics metrics, ILogger<RejectTally> logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (long Count, long Summarized)> _reasons = new(StringComparer.Ordinal);

    public void Record(string reason, long line, string problem)
    {
        metrics.Rejected(reason);
        long count;
        lock (_lock)
        {
            var (previous, summarized) = _reasons.GetValueOrDefault(reason);
            count = previous + 1;
            _reasons[reason] = (count, count == 1 ? 1 : summarized);
        }

        if (count == 1)
        {
            Log.RowRefused(logger, line, reason, problem);
        }
    }

    /// <summary>Logs the refusals of each reason not logged or summarized yet.</summary>
    public void Summarize()
    {
        List<(string Reason, long Since, long Total)> news = [];
        lock (_lock)
        {
            foreach (var (reason, (count, summarized)) in _reasons)
            {
                if (count > summarized)
                {
                    news.Add((reason, count - summarized, count));
                }
            }

            foreach (var (reason, _, total) in news)
            {
                _reasons[reason] = (total, total);
            }
        }

        foreach (var (reason, since, total) in news)
        {
            Log.RefusalsCounted(logger, since, reason, total);
        }
    }
}
