using Fleet.Redis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Events.Transport;

/// <summary>
/// <see cref="IEventTransport"/> on a real Redis through Fleet.Redis: stream commands on the client's shared
/// multiplexed connection, blocking reads on its dedicated blocking connections, the atomic moves as Lua scripts
/// (<see cref="RedisEventScripts"/>), and Pub/Sub on one subscriber connection of its own. The caller owns
/// <see cref="RedisClient"/>: this transport never disposes it.
/// </summary>
internal sealed partial class RedisEventTransport : IEventTransport
{
    private readonly RedisClient _client;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _lastRefusal;
    private int _disposed;

    /// <summary>Creates the transport on <paramref name="client"/> without logging.</summary>
    public RedisEventTransport(RedisClient client)
        : this(client, NullLogger<RedisEventTransport>.Instance)
    {
    }

    /// <summary>Creates the transport on <paramref name="client"/>, logging to <paramref name="logger"/>.</summary>
    public RedisEventTransport(RedisClient client, ILogger<RedisEventTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(logger);
        _client = client;
        _logger = logger;
        _client.ConnectionRestored += OnConnectionRestored;
        _client.ReconnectAttemptFailed += OnAttemptFailed;
        _client.EventHandlerFailed += OnEventHandlerFailed;
    }

    /// <inheritdoc/>
    public event EventHandler? Restored;

    /// <inheritdoc/>
    public string Endpoint => _client.Options.ToString();

    /// <inheritdoc/>
    public bool IsReachable => _client.IsConnected;

    /// <inheritdoc/>
    public string? ConfigurationError =>
        _client.LastConnectionError is RedisConnectionException { IsConfigurationError: true } refusal ? refusal.Message : null;

    /// <inheritdoc/>
    public async ValueTask<bool> WaitReachableAsync(CancellationToken cancellationToken)
    {
        if (_client.IsConnected)
        {
            return true;
        }

        try
        {
            // A connection attempt settles quickly either way (refused at once, or connected); a black-holed address
            // takes the connect timeout. Once one attempt settled, the answer is known without waiting.
            await _firstAttempt.Task.WaitAsync(_client.Options.ConnectTimeout, _client.Options.TimeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Still connecting: treated as unreachable, the callers retry in the background.
        }

        return _client.IsConnected;
    }

    /// <summary>The client this transport runs on (the instance-name lease uses it too).</summary>
    internal RedisClient Client => _client;

    /// <summary>
    /// True for <see cref="RedisConnectionException"/> (unreachable, lost, or not back within the reconnect wait)
    /// and <see cref="RedisTimeoutException"/> (no reply in time) anywhere in the exception chain. An error reply
    /// (<see cref="RedisServerException"/>) means Redis was reached and said no, so it is not unavailability, except
    /// LOADING: a restarted server still loading its data set.
    /// </summary>
    public bool IsUnavailable(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        for (var current = error; current is not null; current = current.InnerException)
        {
            // LOADING: a restarted Redis still reading its RDB/AOF refuses commands for a while; that is an outage too.
            if (current is RedisConnectionException or RedisTimeoutException || (current is RedisServerException server && server.Is("LOADING")))
            {
                return true;
            }

            if (current is AggregateException aggregate && aggregate.InnerExceptions.Any(IsUnavailable))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public async ValueTask<RedisStreamId> AppendAsync(string stream, IReadOnlyList<StreamField> fields, StreamTrim? trim, CancellationToken cancellationToken) =>
        Added(stream, await _client.XAddAsync(stream, fields, trim, cancellationToken: cancellationToken));

    /// <summary>
    /// The XADDs go out as one pipeline (XAddBatchAsync: written back to back on the client's one shared connection
    /// and sent in one write), so Redis runs them in that order. While the connection is down, commands waiting for
    /// the reconnect are not sent in a guaranteed order, so then the first XADD goes alone and the rest follow once it
    /// returned. When the connection fails in the middle, the entries not yet written fail rather than follow later:
    /// a caller retrying the batch (the outbox replay) may duplicate its first entries but never reorders them.
    /// </summary>
    public async ValueTask<RedisStreamId[]> AppendBatchAsync(string stream, IReadOnlyList<IReadOnlyList<StreamField>> entries, StreamTrim? trim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(entries);
        for (var i = 0; i < entries.Count; i++)
        {
            // Checked before anything is sent, so a bad entry cannot leave the batch half-written.
            if (entries[i] is not { Count: > 0 })
            {
                throw new ArgumentException($"Entry {i} of the batch has no fields.", nameof(entries));
            }
        }

        var ids = new RedisStreamId[entries.Count];
        var first = 0;
        if (entries.Count > 1 && !_client.IsConnected)
        {
            ids[0] = await AppendAsync(stream, entries[0], trim, cancellationToken);
            first = 1;
        }

        var rest = first == 0 ? entries : new ArraySegment<IReadOnlyList<StreamField>>([.. entries], first, entries.Count - first);
        var added = await _client.XAddBatchAsync(stream, rest, trim, cancellationToken);
        for (var i = 0; i < added.Length; i++)
        {
            ids[first + i] = Added(stream, added[i]);
        }

        return ids;
    }

    /// <inheritdoc/>
    public ValueTask<bool> IsProcessedAsync(string markKey, CancellationToken cancellationToken) =>
        _client.ExistsAsync(markKey, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<StreamEntry>> ReadAsync(string stream, RedisStreamId after, int count, TimeSpan? block, CancellationToken cancellationToken) =>
        _client.XReadAsync(stream, after.ToString(), count, block, cancellationToken);

    /// <summary>Stops raising <see cref="Restored"/> and closes the subscriber connection; the client stays open (the caller owns it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _client.ConnectionRestored -= OnConnectionRestored;
        _client.ReconnectAttemptFailed -= OnAttemptFailed;
        _client.EventHandlerFailed -= OnEventHandlerFailed;
        await DisposeSubscriberAsync();
    }

    /// <summary>XADD without NOMKSTREAM always returns an id; a null one would mean the reply was misread.</summary>
    private static RedisStreamId Added(string stream, RedisStreamId? id) =>
        id ?? throw new InvalidOperationException($"XADD to '{stream}' returned no id.");

    /// <summary>
    /// A refused handshake is a misconfiguration: logged at Error once per outage (the client retries every
    /// ReconnectMaxDelay, so a line per attempt would flood the log), and again when the refusal changes.
    /// </summary>
    private void OnAttemptFailed(object? sender, RedisReconnectAttemptEventArgs e)
    {
        _firstAttempt.TrySetResult();
        if (e.Error is RedisConnectionException { IsConfigurationError: true } refusal
            && !string.Equals(Interlocked.Exchange(ref _lastRefusal, refusal.Message), refusal.Message, StringComparison.Ordinal))
        {
            Log.ConnectionRefused(_logger, e.Endpoint, refusal.Message);
        }
    }

    private void OnEventHandlerFailed(object? sender, RedisEventHandlerErrorEventArgs e) =>
        Log.ClientEventHandlerFailed(_logger, e.Error, e.EventName);

    private void OnConnectionRestored(object? sender, RedisConnectionEventArgs e)
    {
        _firstAttempt.TrySetResult();
        Volatile.Write(ref _lastRefusal, null);
        Log.ConnectionRestored(_logger, e.Endpoint);
        try
        {
            Restored?.Invoke(this, EventArgs.Empty);
        }
        catch (Exception ex)
        {
            // Raised on the client's reconnect path: a throwing listener must not break the reconnect.
            Log.RestoredHandlerFailed(_logger, ex);
        }
    }
}
