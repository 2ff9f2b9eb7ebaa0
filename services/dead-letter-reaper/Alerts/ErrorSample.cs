namespace Fleet.DeadLetterReaper.Alerts;

/// <summary>
/// The counters of every stream at one evaluation, kept for <see cref="AlertsOptions.ErrorWindow"/> in the sorted set
/// <c>fleet:{system.events}:state:alert-samples</c> (score = <see cref="At"/>), so a new leader computes the error rate
/// over the whole window at once instead of waiting a window's length after a failover.
/// </summary>
internal sealed record ErrorSample
{
    /// <summary>The evaluation's time, Unix milliseconds.</summary>
    public required long At { get; init; }

    /// <summary>Per stream name: XINFO STREAM entries-added of the stream and of its <c>:dlq</c>.</summary>
    public required Dictionary<string, StreamCounters> Streams { get; init; }
}
