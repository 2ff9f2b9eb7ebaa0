using Fleet.MarketMonitor.Handlers;
using Fleet.MarketMonitor.PriceAlerts;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fleet.MarketMonitor.Analysis;

/// <summary>Registers the analysis and price alerts: options (validated at start), the analyzer, the sweep, the handlers.</summary>
internal static class AnalysisServiceCollectionExtensions
{
    public static IServiceCollection AddMarketAnalysis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnalysisOptions>().Bind(configuration.GetSection(AnalysisOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AnalysisOptions>, AnalysisOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MarketAnalyzer>();
        services.AddSingleton<ResultPublisher>();
        services.AddSingleton<PriceAlertBook>();
        services.AddHostedService<AnalysisSweeper>();
        services.AddScoped<MarketDataCollectedHandler>();
        services.AddScoped<PriceAlertSubscribedHandler>();
        services.AddScoped<PriceAlertUnsubscribedHandler>();
        return services;
    }
}
