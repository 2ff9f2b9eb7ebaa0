using System.Threading.Channels;

namespace Fleet.Redis;

/// <summary>
/// One subscription to a channel or pattern. Messages wait in a bounded buffer until read; Pub/Sub is
/// best effort (Redis itself drops messages for disconnected subscribers), and when the buffer is full
/// new messages are dropped and counted in <see cref="DroppedCount"/> rather than stalling the connection.
/// Dispose to unsubscribe.
/// </summary>
public sealed class RedisSubscription : IAsyncDisposable
{
    private readonly RedisSubscriber _owner;
    private readonly Channel<RedisChannelMessage> _messages;
    private long _dropped;
    private int _disposed;
    private Task _handlerLoop = Task.CompletedTask;

    internal RedisSubscription(RedisSubscriber owner, string name, bool isPattern, int capacity)
    {
        _owner = owner;
        Name = name;
        IsPattern = isPattern;
        _messages = Channel.CreateBounded<RedisChannelMessage>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleWriter = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>The channel name, or the pattern for a pattern subscription.</summary>
    public string Name { get; }

    /// <summary>Whether this is a PSUBSCRIBE pattern subscription.</summary>
    public bool IsPattern { get; }

    /// <summary>Messages dropped because this subscription's buffer was full.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>The buffered messages; completes when the subscription is disposed.</summary>
    public ChannelReader<RedisChannelMessage> Reader => _messages.Reader;

    /// <summary>Reads messages as they arrive until the subscription is disposed or <paramref name="cancellationToken"/> is cancelled.</summary>
    public IAsyncEnumerable<RedisChannelMessage> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _messages.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Unsubscribes (UNSUBSCRIBE / PUNSUBSCRIBE when this was the last subscription to the name) and ends the reader.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _messages.Writer.TryComplete();
        _owner.Remove(this);
        await _handlerLoop.ConfigureAwait(false);
    }

    /// <summary>Feeds every message to <paramref name="handler"/>, one at a time, until disposed; handler errors go to <paramref name="onError"/>.</summary>
    internal void RunHandler(Func<RedisChannelMessage, CancellationToken, ValueTask> handler, Action<RedisChannelMessage, Exception> onError) =>
        _handlerLoop = Task.Run(async () =>
        {
            await foreach (var message in _messages.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                try
                {
                    await handler(message, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    onError(message, ex);
                }
            }
        });

    internal void Deliver(RedisChannelMessage message) => _messages.Writer.TryWrite(message);

    internal void Complete(Exception? error = null) => _messages.Writer.TryComplete(error);
}
