namespace Fleet.EventGateway.Replay;

/// <summary>
/// The <c>Replay</c> configuration section (appsettings.json, then <c>Replay__…</c> environment variables), validated at
/// start by <see cref="ReplayOptionsValidator"/>.
/// </summary>
internal sealed class ReplayOptions
{
    public const string Section = "Replay";

    /// <summary>The rate of a job whose request names none, in events per second (default 1 000).</summary>
    public int DefaultRatePerSecond { get; set; } = 1_000;

    /// <summary>The highest rate a request may ask for, in events per second (default 10 000, at most 1 000 000).</summary>
    public int MaxRatePerSecond { get; set; } = 10_000;

    /// <summary>
    /// How long a replica holds a job without saving progress before another may take it over (default 30 s, 1 s to
    /// 10 min): the longest a job stalls after its replica was killed. Every progress save extends it.
    /// </summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle replica looks for a runnable job (default 1 s, 10 ms to 1 min); a job created on this replica starts at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Events read from the archive per page (default 500, 1 to 1 000, the archive's page limit).</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>
    /// How long Redis keeps a job's per-stream marker of the last event it published after its last publish (default 7
    /// days, 1 min to 365 days). A job resumed within this time never publishes an event twice (docs/gateway/replay.md).
    /// </summary>
    public TimeSpan MarkerRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Failures in a row (Redis or PostgreSQL unreachable, a refused event) after which a job is failed (default 5, 1 to 100).</summary>
    public int MaxFailures { get; set; } = 5;
}
