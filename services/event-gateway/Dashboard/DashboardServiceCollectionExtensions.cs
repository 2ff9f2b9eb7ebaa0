using Fleet.EventGateway.Dashboard.Assets;
using Fleet.EventGateway.Dashboard.Stats;
using Fleet.EventGateway.Dashboard.Tail;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fleet.EventGateway.Dashboard;

/// <summary>Registers the operator dashboard: its options (validated at start), its page and its server-sent-event streams.</summary>
internal static class DashboardServiceCollectionExtensions
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DashboardAssets>();
        services.AddSingleton<TailConnections>();
        services.AddSingleton<TailReader>();
        // Reads through the api part's StreamStatisticsReader (AddGatewayApi), the figures of GET /events/stats.
        services.AddSingleton<StatsFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<StatsFeed>());
        return services;
    }
}
