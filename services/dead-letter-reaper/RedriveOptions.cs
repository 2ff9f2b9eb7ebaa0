namespace Fleet.DeadLetterReaper;

/// <summary><c>Reaper:Redrive</c>: re-driving dead letters whose policy is <c>redrive</c>.</summary>
internal sealed class RedriveOptions
{
    /// <summary>How long after <c>dlq_failed_at</c> a dead letter is re-driven (default 30 s, 0 to 1 day).</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often one entry is re-driven before it is parked (default 3, 0 to 100; 0 parks at once).</summary>
    public int MaxRedrives { get; set; } = 3;
}
