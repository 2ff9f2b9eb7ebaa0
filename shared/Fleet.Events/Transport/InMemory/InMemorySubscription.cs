using System.Threading.Channels;

namespace Fleet.Events.Transport.InMemory;

/// <summary>
/// One PSUBSCRIBE of the in-memory transport. Messages queue here and a pump of its own calls the handler one at a
/// time, in publish order, off the publisher's stack (as a Redis subscriber connection delivers them). A failing
/// handler loses that message only: Pub/Sub is best effort.
/// </summary>
internal sealed class InMemorySubscription : IAsyncDisposable
{
    private readonly Channel<(string Channel, ReadOnlyMemory<byte> Payload)> _queue =
        Channel.CreateUnbounded<(string, ReadOnlyMemory<byte>)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Func<string, ReadOnlyMemory<byte>, ValueTask> _handler;
    private readonly Action<InMemorySubscription> _unsubscribe;
    private volatile bool _disposed;

    public InMemorySubscription(GlobPattern pattern, Func<string, ReadOnlyMemory<byte>, ValueTask> handler, Action<InMemorySubscription> unsubscribe)
    {
        Pattern = pattern;
        _handler = handler;
        _unsubscribe = unsubscribe;
        _ = Task.Run(PumpAsync);
    }

    /// <summary>The pattern channels are matched against.</summary>
    public GlobPattern Pattern { get; }

    /// <summary>Queues a message for the handler; false once the subscription is disposed.</summary>
    public bool Enqueue(string channel, ReadOnlyMemory<byte> payload) => !_disposed && _queue.Writer.TryWrite((channel, payload));

    /// <summary>PUNSUBSCRIBE: no handler call starts after this; queued messages are dropped.</summary>
    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    /// <summary>Ends the subscription (what <see cref="DisposeAsync"/> does; the transport calls it when it is disposed).</summary>
    public void Stop()
    {
        if (!_disposed)
        {
            _disposed = true;
            _unsubscribe(this);
            _queue.Writer.TryComplete();
        }
    }

    private async Task PumpAsync()
    {
        await foreach (var (channel, payload) in _queue.Reader.ReadAllAsync())
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                await _handler(channel, payload);
            }
            catch (Exception)
            {
                // Best effort, like Redis Pub/Sub: a handler's failure loses this message, not the subscription.
                continue;
            }
        }
    }
}
