namespace Fleet.MarketMonitor;

/// <summary>
/// The <c>MarketMonitor</c> configuration section (appsettings.json, then <c>MarketMonitor__…</c> environment variables),
/// validated at start by <see cref="MarketMonitorOptionsValidator"/>. <c>MarketMonitor:Analysis</c> is bound on its own
/// by the analysis part (Analysis/).
/// </summary>
internal sealed class MarketMonitorOptions
{
    public const string Section = "MarketMonitor";

    /// <summary>The symbols of samples/market/ticks.csv: the default of <see cref="Symbols"/>.</summary>
    public static readonly IReadOnlyList<string> SampleSymbols = ["ACME", "GLOBEX", "HOOLI", "INITECH", "STARK"];

    /// <summary>
    /// The known symbols (<c>MarketMonitor:Symbols:0..n</c>); a tick of another symbol is refused at the collector.
    /// Empty (the default) means <see cref="SampleSymbols"/>. Not in appsettings.json on purpose: the configuration binder
    /// appends to a list, so a default list there would merge with the one an operator sets.
    /// </summary>
    public List<string> Symbols { get; set; } = [];

    /// <summary>The leader-elected collector.</summary>
    public CollectorOptions Collector { get; set; } = new();
}
