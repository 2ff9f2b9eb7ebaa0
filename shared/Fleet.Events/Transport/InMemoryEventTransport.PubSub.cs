using Fleet.Events.Transport;
using Fleet.Events.Transport.InMemory;

namespace Fleet.Events;

/// <content>Pub/Sub: PUBLISH and PSUBSCRIBE with Redis glob patterns, best effort.</content>
public sealed partial class InMemoryEventTransport
{
    private readonly List<InMemorySubscription> _subscriptions = [];

    ValueTask<long> IEventTransport.NotifyAsync(string channel, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        cancellationToken.ThrowIfCancellationRequested();
        List<InMemorySubscription> matching;
        lock (_gate)
        {
            ThrowIfDisposed();
            matching = _subscriptions.Where(subscription => subscription.Pattern.IsMatch(channel)).ToList();
        }

        // Each subscriber gets its own copy: the publisher may reuse its buffer once PUBLISH returned.
        var copy = payload.ToArray();
        long receivers = 0;
        foreach (var subscription in matching)
        {
            receivers += subscription.Enqueue(channel, copy) ? 1 : 0;
        }

        return ValueTask.FromResult(receivers);
    }

    ValueTask<IAsyncDisposable> IEventTransport.SubscribeAsync(string pattern, Func<string, ReadOnlyMemory<byte>, ValueTask> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(handler);
        cancellationToken.ThrowIfCancellationRequested();
        var subscription = new InMemorySubscription(new GlobPattern(pattern), handler, Unsubscribe);
        lock (_gate)
        {
            ThrowIfDisposed();
            _subscriptions.Add(subscription);
        }

        return ValueTask.FromResult<IAsyncDisposable>(subscription);
    }

    private void Unsubscribe(InMemorySubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }
}
