using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fleet.DeadLetterReaper;

/// <summary>Registers dead-letter-reaper's options (validated at start) and its dead-letter and consumer workers.</summary>
internal static class ServiceCollectionExtensions
{
    public static IServiceCollection AddDeadLetterReaper(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReaperOptions>().Bind(configuration.GetSection(ReaperOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReaperOptions>, ReaperOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
