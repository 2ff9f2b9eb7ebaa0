namespace Fleet.DeadLetterReaper.Alerts;

/// <summary>
/// The <c>Alerts</c> configuration section (appsettings.json, then <c>Alerts__…</c> environment variables): seed 001's
/// thresholds, evaluated by the replica that holds the <c>alert-evaluator</c> lease. Validated at start by
/// <see cref="AlertsOptionsValidator"/>; a figure above its threshold raises an alert, at or below it resolves it.
/// </summary>
internal sealed class AlertsOptions
{
    public const string Section = "Alerts";

    /// <summary>How often the leader evaluates (default 15 s, 100 ms to 1 h).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Entries of a stream a group has not read yet (its lag), per group (default 1 000).</summary>
    public long ConsumerLag { get; set; } = 1000;

    /// <summary>Dead letters per entry added, per stream, over <see cref="ErrorWindow"/> (default 0.05, i.e. 5 %).</summary>
    public double ErrorRate { get; set; } = 0.05;

    /// <summary>The window of <see cref="ErrorRate"/> (default 5 min, at least <see cref="Interval"/>, at most 1 day).</summary>
    public TimeSpan ErrorWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Entries a group has not finished (lag + pending), per group (default 10 000).</summary>
    public long StreamDepth { get; set; } = 10_000;

    /// <summary>Entries in a stream's <c>:dlq</c> (XLEN), per stream (default 10 000).</summary>
    public long DeadLetterDepth { get; set; } = 10_000;

    /// <summary>Redis's used_memory / maxmemory (default 0.8); not evaluated while maxmemory is 0 (no limit).</summary>
    public double MemoryRatio { get; set; } = 0.8;
}
