using Fleet.MarketMonitor.Collector;
using Fleet.MarketMonitor.Feeds;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fleet.MarketMonitor;

/// <summary>Registers market-monitor's options (validated at start) and the collector's parts (its lease: <see cref="CollectorBuilderExtensions"/>).</summary>
internal static class ServiceCollectionExtensions
{
    public static IServiceCollection AddMarketMonitor(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MarketMonitorOptions>()
            .Bind(configuration.GetSection(MarketMonitorOptions.Section))
            .PostConfigure(options =>
            {
                if (options.Symbols.Count == 0)
                {
                    options.Symbols.AddRange(MarketMonitorOptions.SampleSymbols);
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MarketMonitorOptions>, MarketMonitorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<CollectorMetrics>();
        services.AddSingleton<RejectTally>();
        services.AddSingleton<CollectorCheckpoint>();
        services.AddTransient<AnalysisLead>();
        services.AddSingleton<TickFeedFactory>();
        return services;
    }
}
