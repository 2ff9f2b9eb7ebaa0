using Fleet.Redis;

namespace Fleet.Events.Transport;

/// <content>
/// Pub/Sub: PUBLISH on the shared connection; PSUBSCRIBE on one subscriber connection per transport (a subscribed
/// connection takes no other commands), opened on the first subscription and closed with the transport.
/// </content>
internal sealed partial class RedisEventTransport
{
    private readonly SemaphoreSlim _subscriberLock = new(1, 1);
    private RedisSubscriber? _subscriber;

    /// <inheritdoc/>
    public ValueTask<long> NotifyAsync(string channel, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        _client.PublishAsync(channel, payload, cancellationToken);

    /// <summary>
    /// PSUBSCRIBE <paramref name="pattern"/> on the transport's subscriber connection. Messages reach the handler one
    /// at a time in arrival order; a handler that throws is logged and keeps getting later messages. Disposing the
    /// result unsubscribes this handler (PUNSUBSCRIBE once no other subscription uses the pattern).
    /// </summary>
    public async ValueTask<IAsyncDisposable> SubscribeAsync(string pattern, Func<string, ReadOnlyMemory<byte>, ValueTask> handler, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ArgumentNullException.ThrowIfNull(handler);
        var subscriber = await GetSubscriberAsync(cancellationToken);
        return await subscriber.PatternSubscribeAsync(
            pattern,
            async (message, _) =>
            {
                try
                {
                    await handler(message.Channel, message.Message.AsMemory());
                }
                catch (Exception ex)
                {
                    // Pub/Sub is best effort: one bad message must not stop the subscription.
                    Log.SubscriberHandlerFailed(_logger, ex, pattern, message.Channel);
                }
            },
            cancellationToken);
    }

    private async ValueTask<RedisSubscriber> GetSubscriberAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Volatile.Read(ref _subscriber) is { } existing)
        {
            return existing;
        }

        await _subscriberLock.WaitAsync(cancellationToken);
        try
        {
            // Checked again under the lock: DisposeAsync takes it too, so no subscriber is opened after it ran.
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (_subscriber is null)
            {
                Volatile.Write(ref _subscriber, await _client.CreateSubscriberAsync(cancellationToken));
            }

            return _subscriber!;
        }
        finally
        {
            _subscriberLock.Release();
        }
    }

    private async ValueTask DisposeSubscriberAsync()
    {
        await _subscriberLock.WaitAsync(CancellationToken.None);
        try
        {
            if (_subscriber is { } subscriber)
            {
                _subscriber = null;
                await subscriber.DisposeAsync();
            }
        }
        finally
        {
            _subscriberLock.Release();
        }
    }
}
