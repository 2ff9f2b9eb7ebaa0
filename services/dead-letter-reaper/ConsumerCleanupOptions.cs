namespace Fleet.DeadLetterReaper;

/// <summary><c>Reaper:Consumers</c>: removing dead consumers from the fleet's groups.</summary>
internal sealed class ConsumerCleanupOptions
{
    /// <summary>A consumer idle longer than this, with no pending entries and no live instance, is removed (default 1 h, at least 1 s).</summary>
    public TimeSpan IdleThreshold { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the groups' consumers are checked (default 1 min, 1 s to 1 day).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}
