using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fleet.EventGateway.Replay;

/// <summary>
/// Registers replay jobs: options (<c>Replay:…</c>, validated at start), the job store, the appender and the worker
/// that runs jobs. It needs the archive's <c>NpgsqlDataSource</c> and <c>IEventArchive</c> (AddEventArchive) and
/// Fleet.Events' Redis client and stream keys (AddFleetService).
/// </summary>
internal static class ReplayServiceCollectionExtensions
{
    public static IServiceCollection AddReplayJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReplayOptions>().Bind(configuration.GetSection(ReplayOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReplayOptions>, ReplayOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ReplayRequestValidator>();
        services.AddSingleton<ReplayJobStore>();
        services.AddSingleton<ReplayAppender>();
        services.AddSingleton<ReplayRunner>();
        services.AddSingleton<ReplayWakeUp>();
        services.AddHostedService<ReplayWorker>();
        return services;
    }
}
