using Fleet.Redis.Connections;
using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>
/// A Redis client: one multiplexed connection shared by every caller, dedicated connections for
/// blocking reads, and automatic reconnection. Thread-safe; create one per process and share it.
/// </summary>
/// <remarks>
/// When the connection drops, commands already written fail with <see cref="RedisConnectionException"/>
/// and are never re-sent (their outcome is unknown). Commands issued while reconnecting wait up to
/// <see cref="RedisClientOptions.ReconnectWaitTimeout"/> for the connection to return; commands that give
/// up then were never sent. <see cref="ConnectionFailed"/> and <see cref="ConnectionRestored"/> tell
/// higher layers (consumers re-create their groups on restore).
/// </remarks>
public sealed partial class RedisClient : IAsyncDisposable
{
    private readonly RedisClientOptions _options;
    private readonly BlockingConnectionPool _blocking;
    private readonly Reconnector _reconnector;
    private readonly CancellationTokenSource _disposing = new();
    private volatile RedisConnection? _connection;
    private TaskCompletionSource _restored = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _reconnecting = Task.CompletedTask;
    private int _disposed;

    private RedisClient(RedisClientOptions options)
    {
        _options = options;
        _blocking = new BlockingConnectionPool(options);
        _reconnector = new Reconnector(options, pushHandler: null, OnReconnectAttemptFailed);
    }

    /// <summary>Raised when the shared connection is lost (on the thread that noticed; keep handlers short).</summary>
    public event EventHandler<RedisConnectionEventArgs>? ConnectionFailed;

    /// <summary>Raised when a new connection is in place after a loss.</summary>
    public event EventHandler<RedisConnectionEventArgs>? ConnectionRestored;

    /// <summary>Raised for each failed reconnect attempt, with the delay before the next one.</summary>
    public event EventHandler<RedisReconnectAttemptEventArgs>? ReconnectAttemptFailed;

    /// <summary>The options this client was created with.</summary>
    public RedisClientOptions Options => _options;

    /// <summary>Whether the shared connection is up right now.</summary>
    public bool IsConnected => _connection?.IsHealthy == true;

    /// <summary>The protocol the shared connection speaks (RESP3 unless the server lacks it or RESP2 was asked for).</summary>
    public RedisProtocol Protocol => _connection?.Protocol ?? _options.Protocol;

    /// <summary>Connects to the server a URL names; see <see cref="RedisClientOptions.Parse"/>.</summary>
    public static Task<RedisClient> ConnectAsync(string url, CancellationToken cancellationToken = default) =>
        ConnectAsync(RedisClientOptions.Parse(url), cancellationToken);

    /// <summary>
    /// Connects, authenticates and selects the database. Fails with <see cref="RedisConnectionException"/>
    /// when the server is unreachable or rejects the credentials; it does not retry the first connection.
    /// </summary>
    public static async Task<RedisClient> ConnectAsync(RedisClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var client = new RedisClient(options);
        var connection = await RedisConnection.ConnectAsync(options, pushHandler: null, cancellationToken).ConfigureAwait(false);
        client.Install(connection);
        return client;
    }

    /// <summary>Runs any command and returns its reply as a tree; for commands without a typed method.</summary>
    public ValueTask<RedisResult> ExecuteAsync(string command, params RedisValue[] arguments) =>
        ExecuteAsync(command, arguments, CancellationToken.None);

    /// <summary>Runs any command and returns its reply as a tree; for commands without a typed method.</summary>
    public ValueTask<RedisResult> ExecuteAsync(string command, IReadOnlyList<RedisValue> arguments, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        ArgumentNullException.ThrowIfNull(arguments);
        var writer = CommandWriter.Start(command, 1 + arguments.Count);
        foreach (var argument in arguments)
        {
            writer.Write(argument);
        }

        return ExecuteAsync(writer, ResultParsers.Result, cancellationToken);
    }

    /// <summary>Closes every connection; waiting commands fail with <see cref="RedisConnectionException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        try
        {
            await _reconnecting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The reconnect loop ends by cancellation.
        }

        if (_connection is { } connection)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        await _blocking.DisposeAsync().ConfigureAwait(false);
        _restored.TrySetResult();
        _disposing.Dispose();
    }

    /// <summary>Sends a serialised command on the shared connection (waiting for a reconnect when it is down).</summary>
    internal ValueTask<T> ExecuteAsync<T>(CommandWriter command, IResultParser<T> parser, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var connection = _connection;
        if (connection is not null && connection.TrySend(command, parser, timeout ?? _options.CommandTimeout, cancellationToken, out var reply))
        {
            command.Return();
            return reply;
        }

        return ExecuteAfterReconnectAsync(command, parser, timeout ?? _options.CommandTimeout, cancellationToken);
    }

    /// <summary>Sends a blocking command on a dedicated connection; its timeout is <paramref name="block"/> plus the command timeout.</summary>
    internal ValueTask<T> ExecuteBlockingAsync<T>(CommandWriter command, IResultParser<T> parser, TimeSpan block, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            command.Return();
            throw new ObjectDisposedException(nameof(RedisClient));
        }

        return _blocking.ExecuteAsync(command, parser, block + _options.CommandTimeout, cancellationToken);
    }

    private async ValueTask<T> ExecuteAfterReconnectAsync<T>(CommandWriter command, IResultParser<T> parser, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var time = _options.TimeProvider;
            var started = time.GetTimestamp();
            while (true)
            {
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
                var restored = _restored.Task;
                var connection = _connection;
                if (connection is not null && connection.TrySend(command, parser, timeout, cancellationToken, out var reply))
                {
                    return await reply.ConfigureAwait(false);
                }

                var left = _options.ReconnectWaitTimeout - time.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    throw new RedisConnectionException(
                        $"Redis at {_options} is unreachable; {command.CommandName} was not sent after waiting {_options.ReconnectWaitTimeout.TotalMilliseconds:0} ms (ReconnectWaitTimeout) for the connection to return.");
                }

                try
                {
                    await restored.WaitAsync(left, time, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Checked again at the top of the loop, which throws the connection error.
                }
            }
        }
        finally
        {
            command.Return();
        }
    }

    private void Install(RedisConnection connection)
    {
        connection.Failed += OnConnectionFailed;
        _connection = connection;
        // Swap before completing, so a waiter either sees the connection or holds the signal being completed.
        var restored = Interlocked.Exchange(ref _restored, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        restored.TrySetResult();
        if (!connection.IsHealthy)
        {
            OnConnectionFailed(connection, new RedisConnectionException($"Connection to Redis at {_options} failed right after it opened."));
        }
    }

    private void OnConnectionFailed(RedisConnection connection, Exception error)
    {
        if (Interlocked.CompareExchange(ref _connection, null, connection) != connection || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        ConnectionFailed?.Invoke(this, new RedisConnectionEventArgs(_options.ToString(), error));
        _reconnecting = ReconnectAsync();
    }

    private async Task ReconnectAsync()
    {
        await Task.Yield(); // leave the failing connection's thread before the first attempt
        var connection = await _reconnector.ConnectAsync(_disposing.Token).ConfigureAwait(false);
        if (Volatile.Read(ref _disposed) != 0)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return;
        }

        Install(connection);
        ConnectionRestored?.Invoke(this, new RedisConnectionEventArgs(_options.ToString(), error: null));
    }

    private void OnReconnectAttemptFailed(Exception error, TimeSpan delay) =>
        ReconnectAttemptFailed?.Invoke(this, new RedisReconnectAttemptEventArgs(_options.ToString(), error, delay));
}
