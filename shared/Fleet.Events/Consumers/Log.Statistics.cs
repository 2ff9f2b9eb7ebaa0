using Microsoft.Extensions.Logging;

namespace Fleet.Events;

/// <content>The statistics sampler's records beyond the trim-horizon warning (EventIds 1045-1049).</content>
internal static partial class Log
{
    [LoggerMessage(EventId = 1045, Level = LogLevel.Information, Message = "Group {Group} on {Stream} has read every entry but Redis reported its lag as {ReportedLag} (its entries-read counter was off or unknown, as after an AOF restart); the counter was put right with XGROUP SETID ... ENTRIESREAD")]
    public static partial void LagCounterRepaired(ILogger logger, string stream, string group, long? reportedLag);
}
