namespace Fleet.Demo.Gateway;

/// <summary>
/// The body of POST /events/replay: the archived events to publish again, and how fast. Times are RFC 3339 UTC text
/// (<see cref="Rfc3339"/>), as the gateway reads them.
/// </summary>
internal sealed record ReplayRequest(string From, string To, string Type, int RatePerSecond)
{
    /// <summary>RFC 3339 UTC with milliseconds, the envelope's time format (e.g. <c>2026-11-22T10:30:45.123Z</c>).</summary>
    public static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
