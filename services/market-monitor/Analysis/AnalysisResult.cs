using Fleet.Contracts;
using Fleet.MarketMonitor.PriceAlerts;
using NUlid;

namespace Fleet.MarketMonitor.Analysis;

/// <summary>
/// One thing a tick changed that must be published (a trend start or end, an anomaly, a price alert crossing), kept in
/// the symbol's state until a handler confirms it (<see cref="MarketAnalyzer.ConfirmAsync"/>). Exactly one of
/// <see cref="Trend"/>, <see cref="Anomaly"/> and <see cref="Crossing"/> is set.
/// </summary>
/// <param name="Symbol">The symbol whose state holds it.</param>
/// <param name="Id">Its id within the symbol, <c>{sequence}.{n}</c>: the same however often it is published.</param>
/// <param name="TickEventId">The event id of the tick that made it (the causation id of what is published).</param>
internal sealed record AnalysisResult(string Symbol, string Id, Ulid TickEventId)
{
    public MarketTrendDetected? Trend { get; init; }

    public MarketAnomalyDetected? Anomaly { get; init; }

    /// <summary>For a <c>sequence_gap</c> anomaly: the sequence numbers skipped, <c>{first}-{last}</c>.</summary>
    public string? Skipped { get; init; }

    public PriceAlertCrossing? Crossing { get; init; }

    /// <summary>The id a reader dedupes by, <c>{symbol}/{id}</c>, carried in the published envelope's metadata.</summary>
    public string ResultKey => string.Concat(Symbol, "/", Id);
}
