namespace Fleet.MarketMonitor;

/// <summary>
/// market-monitor's log records: the collector's here (EventIds 8200–8249), the analysis' in Log.Analysis.cs (8250–8299).
/// Tick rows are never logged whole above Debug.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(8200, LogLevel.Information, "Collector term {FencingToken} starts the {Feed} feed at position {Position}")]
    public static partial void CollectorStarted(ILogger logger, long fencingToken, string feed, long position);
}
