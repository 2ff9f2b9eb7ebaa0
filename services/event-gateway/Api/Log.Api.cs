namespace Fleet.EventGateway;

/// <summary>The HTTP API's log records (EventIds 7300–7399). Keys are logged by name only, never the key.</summary>
internal static partial class Log
{
    [LoggerMessage(7300, LogLevel.Information, "HTTP API keys: {AdminKeys} admin, {ReadOnlyKeys} read-only; rate limit {Permits} requests per key per {Window}; bodies up to {MaxRequestBytes} bytes; CORS {Cors}")]
    public static partial void ApiConfigured(ILogger logger, int adminKeys, int readOnlyKeys, int permits, TimeSpan window, long maxRequestBytes, string cors);

    [LoggerMessage(7301, LogLevel.Warning, "No admin API key is configured (Gateway:ApiKeys:Admin or Gateway:ApiKeys:AdminFile): every state-changing call (publish, re-drive, purge, replay) is refused with 403")]
    public static partial void NoAdminKey(ILogger logger);

    [LoggerMessage(7302, LogLevel.Warning, "Publishing {EventType} to {Stream} failed")]
    public static partial void PublishFailed(ILogger logger, Exception exception, string eventType, string stream);

    [LoggerMessage(7303, LogLevel.Information, "{Request} requested by key {KeyName} for stream {Stream}: request {RequestId}")]
    public static partial void DeadLetterRequest(ILogger logger, string request, string keyName, string stream, string requestId);
}
