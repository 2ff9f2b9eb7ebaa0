using Fleet.Events;
using Fleet.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fleet.Notifier;

/// <summary>
/// notifier reads Redis itself (preferences, delivery marks) besides the bus, so it needs the bus's
/// <see cref="RedisClient"/> in DI. Fleet.Hosting does not register it yet; until it does, this registers one client
/// from the same setting (<c>ConnectionStrings:Redis</c>, else <c>REDIS_URL</c>) and points the bus at it, so the
/// process keeps one client. Once a RedisClient is registered before this runs, it does nothing.
/// </summary>
internal static class SharedRedisClient
{
    public static FleetEventsBuilder UseSharedRedisClient(this FleetEventsBuilder events, IConfiguration configuration)
    {
        if (events.Services.Any(service => service.ServiceType == typeof(RedisClient)))
        {
            return events;
        }

        // Resolved only after RunFleetServiceAsync checked the URL (a bad one is reported there, naming the option).
        events.Services.TryAddSingleton(_ => RedisClient.Create(
            RedisClientOptions.Parse(configuration.GetConnectionString("Redis") is { Length: > 0 } url ? url : configuration["REDIS_URL"]!)));
        return events.UseRedis(services => services.GetRequiredService<RedisClient>());
    }
}
