namespace Fleet.MarketMonitor.Analysis;

/// <summary>
/// The <c>MarketMonitor:Analysis</c> configuration section, validated at start by <see cref="AnalysisOptionsValidator"/>.
/// Windows count ticks (applied prices), not time.
/// </summary>
internal sealed class AnalysisOptions
{
    public const string Section = "MarketMonitor:Analysis";

    /// <summary>The short moving averages (SMA and EMA) span this many ticks. Default 5.</summary>
    public int ShortWindow { get; set; } = 5;

    /// <summary>The long moving averages and the % change span this many ticks. Default 20; more than <see cref="ShortWindow"/>.</summary>
    public int LongWindow { get; set; } = 20;

    /// <summary>The RSI (Wilder's smoothing) looks at this many price changes. Default 14.</summary>
    public int RsiPeriod { get; set; } = 14;

    /// <summary>An RSI above this starts an <c>rsi_overbought</c> trend. Default 70.</summary>
    public double RsiOverbought { get; set; } = 70;

    /// <summary>An RSI below this starts an <c>rsi_oversold</c> trend. Default 30.</summary>
    public double RsiOversold { get; set; } = 30;

    /// <summary>A move larger than this % from the previous price is applied and flagged <c>huge_jump</c>. Default 20.</summary>
    public double MaxJumpPercent { get; set; } = 20;

    /// <summary>
    /// The group's processing timeout on market.events: a tick held by a replica that died is claimed by another after
    /// this (plus a quarter of it, the claim interval). A tick's batch waits for one script call per symbol (run side by
    /// side) and their results' publishes, so 5 s is long for a live replica.
    /// </summary>
    public static readonly TimeSpan TickProcessingTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Ticks that may wait behind a missing sequence number; one more skips the gap (flagged <c>sequence_gap</c>). It
    /// bounds the state's memory (one hash field each). Default 20 000.
    /// </summary>
    public int MaxBufferedTicks { get; set; } = 20_000;

    /// <summary>
    /// How long a tick may wait behind a missing sequence number before the gap is skipped (flagged <c>sequence_gap</c>).
    /// Longer than a claim of a dead replica's ticks (<see cref="TickProcessingTimeout"/> and its claim interval), so a
    /// replica killed with ticks in hand delays their symbol instead of losing them. Default 15 s.
    /// </summary>
    public TimeSpan GapTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long the replica that made a trend, anomaly or price alert notification has to publish it before another
    /// delivery (or the sweep) publishes it again. Default 10 s.
    /// </summary>
    public TimeSpan ResultLease { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often every replica sweeps each symbol: skips gaps past <see cref="GapTimeout"/> and publishes results whose
    /// lease ran out when no tick arrives to do it. Default 1 s.
    /// </summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}
