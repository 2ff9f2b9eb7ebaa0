using Fleet.Notifier.Delivery;
using Fleet.Notifier.Email;
using Fleet.Notifier.Handlers;
using Fleet.Notifier.Preferences;
using Fleet.Notifier.RateLimiting;
using Fleet.Notifier.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fleet.Notifier;

/// <summary>Registers notifier's options (validated at start), channels, stores and handlers.</summary>
internal static class ServiceCollectionExtensions
{
    public static IServiceCollection AddNotifier(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotifierOptions>().Bind(configuration.GetSection(NotifierOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotifierOptions>, NotifierOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton(sp => new UserRateLimiter(sp.GetRequiredService<IOptions<NotifierOptions>>().Value.RateLimit.PerMinute, TimeSpan.FromMinutes(1)));
        services.AddWebhookClient();
        services.AddSingleton<INotificationChannel, LogChannel>();
        services.AddSingleton<INotificationChannel, WebhookChannel>();
        services.AddSingleton<INotificationChannel, EmailChannel>();
        services.AddSingleton<NotificationDispatcher>();
        services.AddSingleton<PreferencesStore>();
        services.AddSingleton<DeliveryMarks>();
        services.AddScoped<PreferencesUpdatedHandler>();
        services.AddScoped<NotificationRequestedHandler>();
        return services;
    }
}
