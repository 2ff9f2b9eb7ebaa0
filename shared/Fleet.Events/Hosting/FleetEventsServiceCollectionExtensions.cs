using Fleet.Events.Consumers;
using Fleet.Events.Outbox;
using Fleet.Events.Publishing;
using Fleet.Events.RequestReply;
using Fleet.Events.Scheduling;
using Fleet.Events.Transport;
using Fleet.Events.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.Events;

/// <summary>Registers Fleet.Events in a service collection.</summary>
public static class FleetEventsServiceCollectionExtensions
{
    /// <summary>The configuration section <see cref="FleetEventsOptions"/> is bound from.</summary>
    public const string ConfigurationSection = "Fleet:Events";

    /// <summary>
    /// Adds the event bus: publisher, requester, notifications, the outbox and delayed-delivery loops and the
    /// consumer health registry. Choose a transport with <see cref="FleetEventsBuilder.UseRedis(Fleet.Redis.RedisClient)"/>
    /// or <see cref="FleetEventsBuilder.UseInMemory"/>. Options are bound from the <c>Fleet:Events</c> configuration
    /// section, then changed by <paramref name="configure"/>, and validated when the host starts.
    /// </summary>
    public static FleetEventsBuilder AddFleetEvents(this IServiceCollection services, Action<FleetEventsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Configuration first (appsettings.json, then environment variables such as Fleet__Events__WhenUnavailable),
        // then the code's own settings.
        // A container without configuration (a bare ServiceCollection) just keeps the defaults.
        var options = services.AddOptions<FleetEventsOptions>().Configure<IServiceProvider>((o, sp) =>
            sp.GetService<IConfiguration>()?.GetSection(ConfigurationSection).Bind(o));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FleetEventsOptions>>(new ThrowingOptionsValidator<FleetEventsOptions>(o => o.Validate())));

        // Fleet:Leadership, for AddLeaderWork: bound here, before any code of the caller's, so code overrides configuration
        // as for FleetEventsOptions.
        services.AddOptions<LeadershipOptions>()
            .Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(LeadershipOptions.ConfigurationSection).Bind(o))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LeadershipOptions>>(new ThrowingOptionsValidator<LeadershipOptions>(o => o.Validate())));

        var registry = new EventTypeRegistry();
        services.AddSingleton(registry);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new StreamKeys(sp.GetRequiredService<IOptions<FleetEventsOptions>>().Value.KeyPrefix));
        services.TryAddSingleton<ConsumerHealthRegistry>();
        services.TryAddSingleton(sp => new ConsumerGroupStatistics(sp.GetRequiredService<IEventTransport>()));
        services.TryAddSingleton<OutboxSpool>();
        services.TryAddSingleton<IOutboxMonitor>(sp => sp.GetRequiredService<OutboxSpool>());
        services.TryAddSingleton<ScheduledStreams>();
        services.TryAddSingleton<EventPublisher>();
        services.TryAddSingleton<IEventPublisher>(sp => sp.GetRequiredService<EventPublisher>());
        services.TryAddSingleton<IJsonEventPublisher>(sp => sp.GetRequiredService<EventPublisher>());
        services.TryAddSingleton<IEventRequester, EventRequester>();
        services.TryAddSingleton<IEventNotifications, EventNotifications>();
        services.AddSingleton<IHostedService, OutboxReplayService>();
        services.AddSingleton<IHostedService, DelayedDeliveryService>();
        return new FleetEventsBuilder(services, registry);
    }
}
