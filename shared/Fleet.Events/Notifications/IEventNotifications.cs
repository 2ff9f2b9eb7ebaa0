namespace Fleet.Events;

/// <summary>
/// Pub/Sub notifications such as <c>price.updated.{symbol}</c>: best effort. A notification reaches only the
/// subscribers connected at that moment; nothing is stored, retried or acknowledged. Use streams for anything
/// that must arrive.
/// </summary>
public interface IEventNotifications
{
    /// <summary>Sends <paramref name="data"/> (serialized with its registered contract) on <paramref name="channel"/>; returns how many subscribers got it.</summary>
    ValueTask<long> NotifyAsync<T>(string channel, T data, CancellationToken cancellationToken = default)
        where T : class;

    /// <summary>
    /// Subscribes to channels matching <paramref name="pattern"/> (glob, e.g. <c>price.updated.*</c>); the handler gets
    /// the channel and the typed data. Dispose the result to unsubscribe.
    /// </summary>
    ValueTask<IAsyncDisposable> SubscribeAsync<T>(string pattern, Func<string, T, ValueTask> handler, CancellationToken cancellationToken = default)
        where T : class;
}
