using Fleet.Redis;

namespace Fleet.Events;

/// <summary>
/// The client <see cref="FleetEventsBuilder.UseRedis(RedisClientOptions)"/> creates: a singleton the container disposes
/// with the host, after the transport that uses it (created later, disposed earlier).
/// </summary>
internal sealed class OwnedRedisClient(RedisClient client) : IAsyncDisposable
{
    public RedisClient Client { get; } = client;

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
