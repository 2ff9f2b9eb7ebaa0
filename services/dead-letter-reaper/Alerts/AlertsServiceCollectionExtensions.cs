using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fleet.DeadLetterReaper.Alerts;

/// <summary>
/// Registers the alert evaluator's options (validated at start) and parts. The lease that runs it is registered beside
/// the consumer groups in Program.cs: <c>AddLeaderWork&lt;AlertEvaluator&gt;(FleetStreams.System, AlertEvaluator.LeaseName)</c>.
/// </summary>
internal static class AlertsServiceCollectionExtensions
{
    public static IServiceCollection AddAlertEvaluation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertsOptions>().Bind(configuration.GetSection(AlertsOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertsOptions>, AlertsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        // The reaper's own clock (ReaperClock): the interval and the error window run on it.
        services.TryAddKeyedSingleton<TimeProvider>(ReaperClock.Key, (sp, _) => sp.GetRequiredService<TimeProvider>());
        services.AddMetrics();
        services.TryAddSingleton<FleetSampler>();
        services.TryAddSingleton<AlertStore>();
        services.TryAddSingleton<AlertMetrics>();
        services.TryAddSingleton<AlertEvaluator>();
        return services;
    }
}
