namespace Fleet.Demo.Gateway;

/// <summary>The body of POST /events/replay: the archived events to publish again, and how fast.</summary>
internal sealed record ReplayRequest(DateTimeOffset From, DateTimeOffset To, string Type, int RatePerSecond);
