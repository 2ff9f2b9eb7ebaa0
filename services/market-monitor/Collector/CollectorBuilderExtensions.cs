using Fleet.Contracts;
using Fleet.Events;

namespace Fleet.MarketMonitor.Collector;

/// <summary>Registers the collector as leader work, unless MarketMonitor:Collector:Enabled is false.</summary>
internal static class CollectorBuilderExtensions
{
    public static FleetEventsBuilder AddMarketCollector(this FleetEventsBuilder events, IConfiguration configuration)
    {
        var enabled = configuration.GetValue($"{MarketMonitorOptions.Section}:Collector:{nameof(CollectorOptions.Enabled)}", true);
        return enabled ? events.AddLeaderWork<TickCollector>(FleetStreams.Market, TickCollector.LeaseName) : events;
    }
}
