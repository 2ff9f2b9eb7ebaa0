using Microsoft.Extensions.Logging;

namespace Fleet.Hosting;

/// <summary>Fleet.Hosting's log records (EventIds 5000-5099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Service {Service} {Version} starting as instance {Instance}; Redis at {Redis}, HTTP on port {Port}, OTLP export {Otlp}")]
    public static partial void Starting(ILogger logger, string service, string version, string instance, string redis, int port, string otlp);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Service {Service} stopped")]
    public static partial void Stopped(ILogger logger, string service);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Critical, Message = "Service {Service} could not start")]
    public static partial void StartFailed(ILogger logger, Exception exception, string service);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Critical, Message = "Service {Service} stopped because a background service failed")]
    public static partial void BackgroundServiceFailed(ILogger logger, Exception exception, string service);
}
