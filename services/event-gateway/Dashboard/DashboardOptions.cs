namespace Fleet.EventGateway.Dashboard;

/// <summary>The dashboard's settings (section <c>Dashboard</c>), validated at start by <see cref="DashboardOptionsValidator"/>.</summary>
internal sealed class DashboardOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Dashboard";

    /// <summary>
    /// Jaeger's UI, e.g. <c>http://localhost:16686</c>: each event with a traceparent links to <c>{JaegerUrl}/trace/{trace id}</c>.
    /// Empty (the default): no links.
    /// </summary>
    public string? JaegerUrl { get; set; }

    /// <summary>
    /// How many live tails may run at once (default 32). Each holds one dedicated Redis connection for its blocking XREAD,
    /// outside the pool the archiver and the API use, so tails never starve them; one more gets 503.
    /// </summary>
    public int MaxTailClients { get; set; } = 32;

    /// <summary>How often the stats stream samples the fleet and sends an update (default 1 s).</summary>
    public TimeSpan StatsInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How much lag history the stats stream keeps for the chart and sends to a page that connects (default 5 min).</summary>
    public TimeSpan LagHistory { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long one tail read blocks (XREAD BLOCK) before it sends a heartbeat (default 15 s): it keeps proxies from
    /// closing an idle stream and notices a client that went away.
    /// </summary>
    public TimeSpan TailHeartbeat { get; set; } = TimeSpan.FromSeconds(15);
}
