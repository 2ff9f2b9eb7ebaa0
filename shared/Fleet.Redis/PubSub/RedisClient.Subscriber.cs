namespace Fleet.Redis;

/// <summary>Pub/Sub entry point on the client.</summary>
public sealed partial class RedisClient
{
    /// <summary>Opens a subscriber connection with this client's options (Pub/Sub needs a connection of its own).</summary>
    public Task<RedisSubscriber> CreateSubscriberAsync(CancellationToken cancellationToken = default) =>
        RedisSubscriber.ConnectAsync(_options, cancellationToken);
}
