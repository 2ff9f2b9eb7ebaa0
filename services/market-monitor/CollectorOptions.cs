namespace Fleet.MarketMonitor;

/// <summary>The <c>MarketMonitor:Collector</c> section: which feed the lease holder replays, how fast, in which batches.</summary>
internal sealed class CollectorOptions
{
    /// <summary>Campaign for the <c>market-collector</c> lease at all (default true); false makes an analysis-only replica.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Which feed: <c>csv</c> (default) or <c>random</c>.</summary>
    public FeedKind Feed { get; set; } = FeedKind.Csv;

    /// <summary>The CSV of ticks to replay (default <c>market/ticks.csv</c>, the sample copied to the output folder); relative paths resolve against the service's folder.</summary>
    public string CsvPath { get; set; } = "market/ticks.csv";

    /// <summary>CSV replay speed in market seconds per wall-clock second (default 60); 0 replays as fast as possible.</summary>
    public double Speed { get; set; } = 60;

    /// <summary>
    /// The longest wall-clock wait between two CSV ticks (default 00:00:02): a longer gap in market time (overnight, a
    /// weekend, a halt) is replayed as this pause instead of hours.
    /// </summary>
    public TimeSpan MaxPause { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Start the CSV again at its end (default false), times shifted by whole weeks so they keep growing.</summary>
    public bool Loop { get; set; }

    /// <summary>The random feed's rate in ticks per second over all symbols (default 100); 0 is as fast as possible.</summary>
    public double TicksPerSecond { get; set; } = 100;

    /// <summary>The random feed's seed (default 1): the same seed gives the same prices.</summary>
    public long Seed { get; set; } = 1;

    /// <summary>Ticks per fenced publish (default 64), each followed by a checkpoint; at most 10 000.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>
    /// The most ticks the collector publishes ahead of the analysis (default 100 000): group <c>market-monitor</c>'s
    /// unread and pending entries on market.events, checked every tenth of it; above it the replay waits. 0: no limit.
    /// Keep it well under market.events' retention, so no tick is trimmed before it is analysed.
    /// </summary>
    public long MaxLead { get; set; } = 100_000;

    /// <summary>The full path of <see cref="CsvPath"/>.</summary>
    public string CsvFullPath => Path.GetFullPath(CsvPath, AppContext.BaseDirectory);
}
