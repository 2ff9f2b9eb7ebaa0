using Fleet.Redis.Telemetry;

namespace Fleet.Redis.Connections;

/// <summary>
/// Keeps one long-lived connection up: installs it, notices when it fails, reconnects in the
/// background (see <see cref="Reconnector"/>) and lets callers wait a bounded time for the next one.
/// The shared connection of <see cref="RedisClient"/> and the subscriber connection of
/// <see cref="RedisSubscriber"/> are both supervised this way.
/// </summary>
internal sealed class ConnectionSupervisor : IAsyncDisposable
{
    private readonly RedisClientOptions _options;
    private readonly RedisConnection.PushHandler? _pushHandler;
    private readonly Reconnector _reconnector;
    // Cancelled on dispose and never disposed itself (it has no timer): a failure noticed while DisposeAsync runs
    // may still start a reconnect, which must find the token cancelled, not gone.
    private readonly CancellationTokenSource _disposing = new();
    private volatile RedisConnection? _connection;
    private TaskCompletionSource _restored = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _reconnecting = Task.CompletedTask;
    private Exception? _lastError;
    private int _disposed;

    /// <summary>
    /// Creates the supervisor. <paramref name="onRetry"/> hears of every failed reconnect attempt and the delay
    /// before the next. The owner isolates user code in its handlers (RedisClient, RedisSubscriber raise their public
    /// events through EventHandlers.Raise), so none of them stops the reconnect.
    /// </summary>
    public ConnectionSupervisor(
        RedisClientOptions options,
        RedisConnection.PushHandler? pushHandler,
        Action<Exception, TimeSpan>? onRetry)
    {
        _options = options;
        _pushHandler = pushHandler;
        _reconnector = new Reconnector(options, pushHandler, (error, delay) =>
        {
            Volatile.Write(ref _lastError, error);
            FleetRedisMetrics.RecordReconnectFailure(error);
            onRetry?.Invoke(error, delay);
        });
    }

    /// <summary>Raised when the supervised connection fails.</summary>
    public event Action<Exception>? Failed;

    /// <summary>Raised after a replacement is installed; handlers run before waiting callers are released.</summary>
    public event Action<RedisConnection>? Restored;

    /// <summary>The connection now, or null while reconnecting.</summary>
    public RedisConnection? Current => _connection;

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Why there is no connection now: the error of the latest failed reconnect attempt, else the one that ended
    /// the last connection; null while connected.
    /// </summary>
    public Exception? LastError => Volatile.Read(ref _lastError);

    /// <summary>Opens the first connection; it is not retried, so a wrong address or password fails at once.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => StartAsync(TimeSpan.Zero, cancellationToken);

    /// <summary>
    /// Opens the first connection, retrying with the reconnect backoff for at most <paramref name="retryFor"/> (zero: one
    /// attempt); then fails with a <see cref="RedisConnectionException"/> holding the last attempt's error.
    /// </summary>
    public async Task StartAsync(TimeSpan retryFor, CancellationToken cancellationToken)
    {
        RedisConnection connection;
        if (retryFor <= TimeSpan.Zero)
        {
            connection = await RedisConnection.ConnectAsync(_options, _pushHandler, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            try
            {
                connection = await _reconnector.ConnectWithinAsync(retryFor, cancellationToken).ConfigureAwait(false);
            }
            catch (RedisConnectionException e) when (e.InnerException is RedisConnectionException last)
            {
                // The reconnector words its error for ReconnectWaitTimeout; here the bound is the caller's.
                throw new RedisConnectionException(
                    $"Redis at {_options} stayed unreachable for {retryFor.TotalMilliseconds:0} ms of connect retries: {last.Message}", last, last.IsConfigurationError);
            }
        }

        Install(connection, restored: false, afterLoss: false);
    }

    /// <summary>
    /// Opens the first connection in the background with the reconnect backoff, as after a loss, and returns at once:
    /// callers wait for it as for a reconnect, and <see cref="Restored"/> is raised when it is in place.
    /// </summary>
    public void StartInBackground() => _reconnecting = ReconnectAsync(afterLoss: false);

    /// <summary>
    /// A healthy connection: the current one, or the next one within what is left of
    /// <see cref="RedisClientOptions.ReconnectWaitTimeout"/> counted from <paramref name="startedAt"/>.
    /// Throws <see cref="RedisConnectionException"/> saying <paramref name="what"/> was not sent when time runs out.
    /// </summary>
    public async ValueTask<RedisConnection> WaitForConnectionAsync(long startedAt, string what, CancellationToken cancellationToken)
    {
        var time = _options.TimeProvider;
        while (true)
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            var restored = _restored.Task;
            if (_connection is { IsHealthy: true } connection)
            {
                return connection;
            }

            var left = _options.ReconnectWaitTimeout - time.GetElapsedTime(startedAt);
            if (left <= TimeSpan.Zero)
            {
                var notSent = new RedisConnectionException(
                    $"Redis at {_options} is unreachable; {what} was not sent after waiting {_options.ReconnectWaitTimeout.TotalMilliseconds:0} ms (ReconnectWaitTimeout) for the connection to return.",
                    LastError);
                FleetRedisMetrics.RecordCommandError(what, notSent);
                throw notSent;
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

    /// <summary>
    /// Stops reconnecting and closes the connection. Always completes: the reconnect loop ends by cancellation
    /// and never throws (see <see cref="ReconnectAsync"/>), and closing a connection reports its failure, not throws it.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        await Volatile.Read(ref _reconnecting).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _connection, null) is { } connection)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _restored.TrySetResult();
    }

    private void Install(RedisConnection connection, bool restored, bool afterLoss)
    {
        connection.Failed += OnConnectionFailed;
        // Cleared before the connection is published: a failure noticed once it is in place keeps its error.
        Volatile.Write(ref _lastError, null);
        _connection = connection;
        if (afterLoss)
        {
            // Not the first connection a client made by Create opens in the background: that one re-establishes nothing.
            FleetRedisMetrics.Reconnects.Add(1);
        }

        if (restored)
        {
            Restored?.Invoke(connection);
        }

        // Swap before completing, so a waiter either sees the connection or holds the signal being completed.
        Interlocked.Exchange(ref _restored, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        if (!connection.IsHealthy)
        {
            OnConnectionFailed(connection, new RedisConnectionException($"Connection to Redis at {_options} failed right after it opened."));
        }
    }

    private void OnConnectionFailed(RedisConnection connection, Exception error)
    {
        if (Interlocked.CompareExchange(ref _connection, null, connection) != connection || IsDisposed)
        {
            return;
        }

        Volatile.Write(ref _lastError, error);
        // The owner's handlers isolate user code (EventHandlers.Raise): whatever it throws, the reconnect below starts.
        Failed?.Invoke(error);
        Volatile.Write(ref _reconnecting, ReconnectAsync(afterLoss: true));
    }

    /// <summary>Reconnects (or, not <paramref name="afterLoss"/>, connects the first time) until it succeeds or the supervisor is disposed; never throws, so nothing is left unobserved.</summary>
    private async Task ReconnectAsync(bool afterLoss)
    {
        await Task.Yield(); // leave the failing connection's thread before the first attempt
        RedisConnection connection;
        try
        {
            // Every failure is retried with backoff (Reconnector); only disposal ends the loop, by cancellation.
            connection = await _reconnector.ConnectAsync(_disposing.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (IsDisposed)
        {
            return;
        }

        if (IsDisposed)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return;
        }

        Install(connection, restored: true, afterLoss);
    }
}
