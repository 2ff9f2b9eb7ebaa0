using System.Diagnostics.Metrics;

namespace Fleet.MarketMonitor.Collector;

/// <summary>The collector's counters on the <c>Fleet.MarketMonitor</c> meter (exported with every <c>Fleet.*</c> meter).</summary>
internal sealed class CollectorMetrics
{
    /// <summary>The service's meter name.</summary>
    public const string MeterName = "Fleet.MarketMonitor";

    private readonly Counter<long> _rejected;
    private readonly Counter<long> _published;

    public CollectorMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _rejected = meter.CreateCounter<long>("fleet.market.collector.rejected", "{row}", "Feed rows the collector refused, by reason.");
        _published = meter.CreateCounter<long>("fleet.market.collector.published", "{tick}", "Ticks the collector published as market.data.collected.");
    }

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Published(int ticks) => _published.Add(ticks);
}
