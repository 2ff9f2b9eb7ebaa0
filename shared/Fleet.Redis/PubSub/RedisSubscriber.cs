using Fleet.Redis.Connections;
using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>
/// Pub/Sub on a connection of its own (SUBSCRIBE puts a RESP2 connection into a mode where it
/// takes no other commands). Subscriptions survive reconnects: after the connection comes back,
/// every channel and pattern is subscribed again and <see cref="Resubscribed"/> is raised.
/// Messages published while disconnected are lost; Pub/Sub is best effort by design.
/// </summary>
public sealed partial class RedisSubscriber : IAsyncDisposable
{
    private readonly RedisClientOptions _options;
    private readonly ConnectionSupervisor _supervisor;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<RedisSubscription>> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<RedisSubscription>> _patterns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _confirmations = new(StringComparer.Ordinal);
    private RedisSubscriber(RedisClientOptions options)
    {
        _options = options;
        _supervisor = new ConnectionSupervisor(options, OnPush, onRetry: null);
        // Each user handler runs on its own (EventHandlers.Raise): one that throws is counted and reported through
        // EventHandlerFailed, and never stops the reconnect, the resubscribe or a subscription's handler loop.
        _supervisor.Failed += error => EventHandlers.Raise(
            ConnectionFailed, this, new RedisConnectionEventArgs(options.ToString(), error), nameof(ConnectionFailed), OnEventHandlerFailed);
        _supervisor.Restored += Resubscribe;
    }

    /// <summary>Raised when the subscriber's connection is lost.</summary>
    public event EventHandler<RedisConnectionEventArgs>? ConnectionFailed;

    /// <summary>Raised after a reconnect, once every subscription has been sent again.</summary>
    public event EventHandler<RedisConnectionEventArgs>? Resubscribed;

    /// <summary>Raised when a message handler throws; the handler keeps receiving later messages.</summary>
    public event EventHandler<RedisSubscriberHandlerErrorEventArgs>? HandlerFailed;

    /// <summary>
    /// Raised when a handler of <see cref="ConnectionFailed"/>, <see cref="Resubscribed"/> or <see cref="HandlerFailed"/>
    /// threw. The subscriber carried on; log the error here. An exception thrown by a handler of this event is dropped
    /// (both are counted in <c>fleet.redis.event_handler.errors</c>).
    /// </summary>
    public event EventHandler<RedisEventHandlerErrorEventArgs>? EventHandlerFailed;

    /// <summary>Whether the subscriber's connection is up.</summary>
    public bool IsConnected => _supervisor.Current?.IsHealthy == true;

    /// <summary>Opens a subscriber connection with the same options as a client.</summary>
    public static async Task<RedisSubscriber> ConnectAsync(RedisClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var subscriber = new RedisSubscriber(options);
        try
        {
            await subscriber._supervisor.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await subscriber.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return subscriber;
    }

    /// <summary>SUBSCRIBE: messages published to <paramref name="channel"/>; returns once the server confirmed.</summary>
    public ValueTask<RedisSubscription> SubscribeAsync(string channel, CancellationToken cancellationToken = default) =>
        AddAsync(channel, isPattern: false, cancellationToken);

    /// <summary>PSUBSCRIBE: messages to every channel matching the glob <paramref name="pattern"/> (e.g. <c>price.updated.*</c>).</summary>
    public ValueTask<RedisSubscription> PatternSubscribeAsync(string pattern, CancellationToken cancellationToken = default) =>
        AddAsync(pattern, isPattern: true, cancellationToken);

    /// <summary>SUBSCRIBE with a handler that gets each message in order; dispose the subscription to stop.</summary>
    public async ValueTask<RedisSubscription> SubscribeAsync(string channel, Func<RedisChannelMessage, CancellationToken, ValueTask> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = await AddAsync(channel, isPattern: false, cancellationToken).ConfigureAwait(false);
        subscription.RunHandler(handler, OnHandlerFailed);
        return subscription;
    }

    /// <summary>PSUBSCRIBE with a handler that gets each message in order; dispose the subscription to stop.</summary>
    public async ValueTask<RedisSubscription> PatternSubscribeAsync(string pattern, Func<RedisChannelMessage, CancellationToken, ValueTask> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = await AddAsync(pattern, isPattern: true, cancellationToken).ConfigureAwait(false);
        subscription.RunHandler(handler, OnHandlerFailed);
        return subscription;
    }

    /// <summary>Closes the connection and ends every subscription's reader.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_supervisor.IsDisposed)
        {
            return;
        }

        await _supervisor.DisposeAsync().ConfigureAwait(false);
        List<RedisSubscription> all;
        lock (_lock)
        {
            all = [.. _channels.Values.SelectMany(list => list), .. _patterns.Values.SelectMany(list => list)];
            _channels.Clear();
            _patterns.Clear();
        }

        foreach (var subscription in all)
        {
            subscription.Complete();
        }
    }

    internal void Remove(RedisSubscription subscription)
    {
        bool last;
        lock (_lock)
        {
            var map = subscription.IsPattern ? _patterns : _channels;
            if (!map.TryGetValue(subscription.Name, out var list) || !list.Remove(subscription))
            {
                return;
            }

            last = list.Count == 0;
            if (last)
            {
                map.Remove(subscription.Name);
            }
        }

        if (last && _supervisor.Current is { } connection)
        {
            var command = CommandWriter.Start(subscription.IsPattern ? "PUNSUBSCRIBE" : "UNSUBSCRIBE", 2);
            command.Write(subscription.Name);
            connection.TrySendWithoutReply(command);
            command.Return();
        }
    }

    private async ValueTask<RedisSubscription> AddAsync(string name, bool isPattern, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ObjectDisposedException.ThrowIf(_supervisor.IsDisposed, this);
        var subscription = new RedisSubscription(this, name, isPattern, _options.SubscriptionBufferCapacity);
        TaskCompletionSource? confirmation = null;
        lock (_lock)
        {
            var map = isPattern ? _patterns : _channels;
            if (!map.TryGetValue(name, out var list))
            {
                map[name] = list = [];
            }

            list.Add(subscription);
            var key = ConfirmationKey(name, isPattern);
            if (list.Count == 1 || _confirmations.ContainsKey(key))
            {
                if (!_confirmations.TryGetValue(key, out confirmation))
                {
                    _confirmations[key] = confirmation = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
        }

        if (confirmation is null)
        {
            return subscription; // the server already sends this name to this connection
        }

        if (_supervisor.Current is { } connection)
        {
            SendSubscribe(connection, isPattern, [name]);
        }

        // While disconnected the name is subscribed on reconnect; wait for that within the reconnect budget.
        var wait = _options.CommandTimeout + (IsConnected ? TimeSpan.Zero : _options.ReconnectWaitTimeout);
        try
        {
            await confirmation.Task.WaitAsync(wait, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            throw new RedisTimeoutException($"Redis at {_options} did not confirm {(isPattern ? "PSUBSCRIBE" : "SUBSCRIBE")} {name} within {wait.TotalMilliseconds:0} ms.");
        }

        return subscription;
    }

    private static void SendSubscribe(RedisConnection connection, bool isPattern, string[] names)
    {
        if (names.Length == 0)
        {
            return;
        }

        var command = CommandWriter.Start(isPattern ? "PSUBSCRIBE" : "SUBSCRIBE", 1 + names.Length);
        foreach (var name in names)
        {
            command.Write(name);
        }

        connection.TrySendWithoutReply(command);
        command.Return();
    }

    private static string ConfirmationKey(string name, bool isPattern) => (isPattern ? "p:" : "c:") + name;

    private void OnHandlerFailed(RedisChannelMessage message, Exception error) =>
        EventHandlers.Raise(HandlerFailed, this, new RedisSubscriberHandlerErrorEventArgs(message, error), nameof(HandlerFailed), OnEventHandlerFailed);

    private void OnEventHandlerFailed(string eventName, Exception error) =>
        EventHandlerFailed?.Invoke(this, new RedisEventHandlerErrorEventArgs(eventName, error));
}
