namespace Fleet.MarketMonitor;

/// <summary>
/// market-monitor's log records: the collector's here (EventIds 8200–8249), the analysis' in Log.Analysis.cs (8250–8299).
/// Feed rows are never logged whole; a refusal names the line and the one field at fault.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(8200, LogLevel.Information, "Collector term {FencingToken} starts the {Feed} feed {Source} at lap {Lap}, position {Position}")]
    public static partial void CollectorStarted(ILogger logger, long fencingToken, string feed, string source, int lap, long position);

    [LoggerMessage(8201, LogLevel.Information, "Collector term {FencingToken} stopped at position {Position}: the term ended")]
    public static partial void CollectorStopped(ILogger logger, long fencingToken, long position);

    [LoggerMessage(8209, LogLevel.Information, "The collector waits: the analysis has {Backlog} ticks to go, more than MarketMonitor:Collector:MaxLead ({MaxLead})")]
    public static partial void CollectorHeldBack(ILogger logger, long backlog, long maxLead);

    [LoggerMessage(8210, LogLevel.Information, "The collector goes on after waiting {Waited} for the analysis")]
    public static partial void CollectorResumed(ILogger logger, TimeSpan waited);

    [LoggerMessage(8208, LogLevel.Warning, "Collector term {FencingToken} stopped at position {Position}: a fenced write was refused (the lease expired or another replica leads); nothing more is written by this term")]
    public static partial void CollectorDeposed(ILogger logger, long fencingToken, long position);

    [LoggerMessage(8202, LogLevel.Information, "The {Feed} feed ended at position {Position}; the collector idles until its term ends (set MarketMonitor:Collector:Loop=true to replay it again)")]
    public static partial void FeedEnded(ILogger logger, string feed, long position);

    [LoggerMessage(8203, LogLevel.Warning, "Feed row {Line} refused ({Reason}): {Problem}. Further rows refused for {Reason} are counted in fleet.market.collector.rejected, not logged one by one")]
    public static partial void RowRefused(ILogger logger, long line, string reason, string problem);

    [LoggerMessage(8204, LogLevel.Warning, "{Count} more feed row(s) refused ({Reason}); {Total} in all since the process started")]
    public static partial void RefusalsCounted(ILogger logger, long count, string reason, long total);

    [LoggerMessage(8205, LogLevel.Information, "The collector checkpoint was of the {OldFeed} feed {OldSource}; starting the {Feed} feed {Source} at its beginning, keeping the sequence numbers")]
    public static partial void CheckpointOfAnotherFeed(ILogger logger, string oldFeed, string oldSource, string feed, string source);

    [LoggerMessage(8206, LogLevel.Error, "The collector checkpoint {Key} is not readable; the feed starts over and its sequence numbers with it (clear the analysis state too)")]
    public static partial void CheckpointUnreadable(ILogger logger, Exception exception, string key);

    [LoggerMessage(8207, LogLevel.Warning, "Collector {What} failed (attempt {Attempt}); retrying in {Delay}")]
    public static partial void WriteFailed(ILogger logger, Exception exception, string what, int attempt, TimeSpan delay);
}
