namespace Fleet.Testing.Processes;

/// <summary>How waiting for a started redis-server ended.</summary>
internal enum ReadinessStatus
{
    /// <summary>Our process answered PING with PONG.</summary>
    Ready,

    /// <summary>The process exited before it answered.</summary>
    Exited,

    /// <summary>The process kept running but never answered in time.</summary>
    TimedOut,
}
