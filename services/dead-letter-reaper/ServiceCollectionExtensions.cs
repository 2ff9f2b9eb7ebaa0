using Fleet.DeadLetterReaper.Consumers;
using Fleet.DeadLetterReaper.DeadLetters;
using Fleet.DeadLetterReaper.Requests;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fleet.DeadLetterReaper;

/// <summary>Registers dead-letter-reaper's options (validated at start), its dead-letter loop, request handlers and consumer sweep.</summary>
internal static class ServiceCollectionExtensions
{
    public static IServiceCollection AddDeadLetterReaper(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReaperOptions>().Bind(configuration.GetSection(ReaperOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReaperOptions>, ReaperOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton<TimeProvider>(ReaperClock.Key, (sp, _) => sp.GetRequiredService<TimeProvider>());

        services.AddSingleton<ReaperKeys>();
        services.AddSingleton<DeadLetterPolicy>();
        services.AddSingleton<DeadLetterMover>();
        services.AddSingleton<DecisionLog>();
        services.AddSingleton<DeadLetterLoopHealth>();
        services.AddHealthChecks().AddCheck<DeadLetterLoopHealth>("dead-letter-reaper", tags: ["ready"]);
        services.AddHostedService<DeadLetterLoop>();

        services.AddSingleton<ParkedEntries>();
        services.AddScoped<RedriveRequestedHandler>();
        services.AddScoped<PurgeRequestedHandler>();

        services.AddSingleton<DeadConsumerRemover>();
        services.AddHostedService(sp => sp.GetRequiredService<DeadConsumerRemover>());
        return services;
    }
}
