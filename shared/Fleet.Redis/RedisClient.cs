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
    private readonly ConnectionSupervisor _supervisor;

    private RedisClient(RedisClientOptions options)
    {
        _options = options;
        _blocking = new BlockingConnectionPool(options);
        // Each user handler runs on its own (EventHandlers.Raise): one that throws is reported through
        // EventHandlerFailed and never stops the reconnect, the read loop or a flush.
        _supervisor = new ConnectionSupervisor(
            options,
            pushHandler: null,
            (error, delay) => EventHandlers.Raise(
                ReconnectAttemptFailed, this, new RedisReconnectAttemptEventArgs(options.ToString(), error, delay), nameof(ReconnectAttemptFailed), OnHandlerFailed));
        _supervisor.Failed += error => EventHandlers.Raise(
            ConnectionFailed, this, new RedisConnectionEventArgs(options.ToString(), error), nameof(ConnectionFailed), OnHandlerFailed);
        _supervisor.Restored += _ => EventHandlers.Raise(
            ConnectionRestored, this, new RedisConnectionEventArgs(options.ToString(), error: null), nameof(ConnectionRestored), OnHandlerFailed);
    }

    /// <summary>
    /// Raised when the shared connection is lost (on the thread that noticed; keep handlers short). A handler that
    /// throws does not stop the reconnect: the exception goes to <see cref="EventHandlerFailed"/>.
    /// </summary>
    public event EventHandler<RedisConnectionEventArgs>? ConnectionFailed;

    /// <summary>
    /// Raised when a new connection is in place after a loss, and when a client made by <see cref="Create(RedisClientOptions)"/>
    /// first connects; a handler that throws is reported, not propagated.
    /// </summary>
    public event EventHandler<RedisConnectionEventArgs>? ConnectionRestored;

    /// <summary>
    /// Raised for each failed reconnect attempt, with the error and the delay before the next one. When the server
    /// refused the handshake the error is a <see cref="RedisConnectionException"/> with
    /// <see cref="RedisConnectionException.IsConfigurationError"/> set; the client keeps trying.
    /// </summary>
    public event EventHandler<RedisReconnectAttemptEventArgs>? ReconnectAttemptFailed;

    /// <summary>
    /// Raised when a handler of <see cref="ConnectionFailed"/>, <see cref="ConnectionRestored"/> or
    /// <see cref="ReconnectAttemptFailed"/> threw. The client carried on; log the error here. An exception thrown
    /// by a handler of this event is dropped (both are counted in <c>fleet.redis.event_handler.errors</c>).
    /// </summary>
    public event EventHandler<RedisEventHandlerErrorEventArgs>? EventHandlerFailed;

    /// <summary>
    /// Why the shared connection is down right now: the error of the latest failed reconnect attempt, else the one
    /// that ended the connection; null while connected. When it is a <see cref="RedisConnectionException"/> with
    /// <see cref="RedisConnectionException.IsConfigurationError"/> the server refuses the client (wrong password, an
    /// ACL without CLIENT or SELECT, a database out of range): a health check should say "misconfigured", not "down".
    /// </summary>
    public Exception? LastConnectionError => _supervisor.LastError;

    /// <summary>The options this client was created with.</summary>
    public RedisClientOptions Options => _options;

    /// <summary>Whether the shared connection is up right now.</summary>
    public bool IsConnected => _supervisor.Current?.IsHealthy == true;

    /// <summary>The protocol the shared connection speaks (RESP3 unless the server lacks it or RESP2 was asked for).</summary>
    public RedisProtocol Protocol => _supervisor.Current?.Protocol ?? _options.Protocol;

    /// <summary>Connects to the server a URL names; see <see cref="RedisClientOptions.Parse"/>.</summary>
    public static Task<RedisClient> ConnectAsync(string url, CancellationToken cancellationToken = default) =>
        ConnectAsync(RedisClientOptions.Parse(url), cancellationToken);

    /// <summary>
    /// Connects, authenticates and selects the database. Fails with <see cref="RedisConnectionException"/>
    /// when the server is unreachable or rejects the credentials; it does not retry the first connection.
    /// </summary>
    public static Task<RedisClient> ConnectAsync(RedisClientOptions options, CancellationToken cancellationToken = default) =>
        ConnectAsync(options, TimeSpan.Zero, cancellationToken);

    /// <summary>Connects to the server a URL names, retrying for at most <paramref name="retryFor"/>; see <see cref="ConnectAsync(RedisClientOptions, TimeSpan, CancellationToken)"/>.</summary>
    public static Task<RedisClient> ConnectAsync(string url, TimeSpan retryFor, CancellationToken cancellationToken = default) =>
        ConnectAsync(RedisClientOptions.Parse(url), retryFor, cancellationToken);

    /// <summary>
    /// Connects like <see cref="ConnectAsync(RedisClientOptions, CancellationToken)"/>, but while the server is unreachable
    /// retries with the reconnect backoff (<see cref="RedisClientOptions.ReconnectInitialDelay"/> to
    /// <see cref="RedisClientOptions.ReconnectMaxDelay"/>, with jitter) for at most <paramref name="retryFor"/>; then fails
    /// with a <see cref="RedisConnectionException"/> whose inner exception is the last attempt's error. Zero makes one attempt.
    /// </summary>
    public static async Task<RedisClient> ConnectAsync(RedisClientOptions options, TimeSpan retryFor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(retryFor, TimeSpan.Zero);
        options.Validate();
        var client = new RedisClient(options);
        try
        {
            await client._supervisor.StartAsync(retryFor, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return client;
    }

    /// <summary>Creates a client for the server a URL names, connecting in the background; see <see cref="Create(RedisClientOptions)"/>.</summary>
    public static RedisClient Create(string url) => Create(RedisClientOptions.Parse(url));

    /// <summary>
    /// Creates a client that returns at once and connects in the background, with the same backoff as a reconnect and
    /// for as long as it takes: for a process that may start before its Redis (containers). Until the first connection
    /// opens, <see cref="IsConnected"/> is false and commands wait up to <see cref="RedisClientOptions.ReconnectWaitTimeout"/>
    /// as during a reconnect, then fail with a <see cref="RedisConnectionException"/> saying they were not sent; each
    /// failed attempt raises <see cref="ReconnectAttemptFailed"/>, and <see cref="ConnectionRestored"/> is raised when the
    /// first connection opens. Only the options are checked here (<see cref="RedisClientOptions.Validate"/>).
    /// </summary>
    public static RedisClient Create(RedisClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var client = new RedisClient(options);
        client._supervisor.StartInBackground();
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
        SharedConnectionGuard.ThrowIfRefused(command, arguments);
        return ExecuteAsync(WriteGeneric(command, arguments), ResultParsers.Result, cancellationToken);
    }

    /// <summary>
    /// Runs a blocking command (BLPOP, BZPOPMIN, WAIT, XREAD … BLOCK …) on a dedicated connection, so it
    /// cannot stall the shared one. <paramref name="block"/> is the longest the server may block; the reply
    /// timeout is that plus <see cref="RedisClientOptions.CommandTimeout"/>.
    /// </summary>
    public ValueTask<RedisResult> ExecuteBlockingAsync(string command, IReadOnlyList<RedisValue> arguments, TimeSpan block, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        ArgumentNullException.ThrowIfNull(arguments);
        return ExecuteBlockingAsync(WriteGeneric(command, arguments), ResultParsers.Result, block, cancellationToken);
    }

    /// <summary>Serialises a command given by name and arguments (generic execute, transactions).</summary>
    internal static CommandWriter WriteGeneric(string command, IReadOnlyList<RedisValue> arguments)
    {
        var writer = CommandWriter.Start(command, 1 + arguments.Count);
        foreach (var argument in arguments)
        {
            writer.Write(argument);
        }

        return writer;
    }

    /// <summary>Closes every connection; waiting commands fail with <see cref="RedisConnectionException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _supervisor.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            // Whatever the shared connection's shutdown ended with, the dedicated connections close too.
            await _blocking.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Sends a serialised command on the shared connection (waiting for a reconnect when it is down).</summary>
    internal ValueTask<T> ExecuteAsync<T>(CommandWriter command, IResultParser<T> parser, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        Queue(_supervisor.Current, command, parser, timeout ?? _options.CommandTimeout, flush: true, waitForReconnect: true, cancellationToken);

    /// <summary>
    /// Queues a serialised command on <paramref name="connection"/>, written at once or, without <paramref name="flush"/>,
    /// with the caller's next flush. When the connection is gone the command waits for a reconnect, or with
    /// <paramref name="waitForReconnect"/> false fails with <see cref="RedisConnectionException"/> saying it was not sent.
    /// </summary>
    private ValueTask<T> Queue<T>(RedisConnection? connection, CommandWriter command, IResultParser<T> parser, TimeSpan timeout, bool flush, bool waitForReconnect, CancellationToken cancellationToken)
    {
        bool sent;
        ValueTask<T> reply = default;
        try
        {
            sent = connection is not null && connection.TryQueue(command, parser, timeout, flush, cancellationToken, out reply);
        }
        catch
        {
            command.Return();
            throw;
        }

        if (sent)
        {
            command.Return();
            return reply;
        }

        if (!waitForReconnect)
        {
            command.Return();
            throw new RedisConnectionException("The connection was lost before the command was written; it was not sent.");
        }

        return ExecuteAfterReconnectAsync(command, parser, timeout, cancellationToken);
    }

    /// <summary>Sends a blocking command on a dedicated connection; its timeout is <paramref name="block"/> plus the command timeout.</summary>
    internal ValueTask<T> ExecuteBlockingAsync<T>(CommandWriter command, IResultParser<T> parser, TimeSpan block, CancellationToken cancellationToken)
    {
        if (_supervisor.IsDisposed)
        {
            command.Return();
            throw new ObjectDisposedException(nameof(RedisClient));
        }

        if (block < TimeSpan.Zero)
        {
            command.Return();
            throw new ArgumentOutOfRangeException(nameof(block), block, "A BLOCK time cannot be negative.");
        }

        // BLOCK 0 waits forever on the server; so does the reply wait then.
        var timeout = block == TimeSpan.Zero || block >= TimeSpan.MaxValue - _options.CommandTimeout
            ? TimeSpan.MaxValue
            : block + _options.CommandTimeout;
        return _blocking.ExecuteAsync(command, parser, timeout, cancellationToken);
    }

    private void OnHandlerFailed(string eventName, Exception error) =>
        EventHandlerFailed?.Invoke(this, new RedisEventHandlerErrorEventArgs(eventName, error));

    private async ValueTask<T> ExecuteAfterReconnectAsync<T>(CommandWriter command, IResultParser<T> parser, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var started = _options.TimeProvider.GetTimestamp();
            while (true)
            {
                var connection = await _supervisor.WaitForConnectionAsync(started, command.CommandName, cancellationToken).ConfigureAwait(false);
                if (connection.TrySend(command, parser, timeout, cancellationToken, out var reply))
                {
                    return await reply.ConfigureAwait(false);
                }
            }
        }
        finally
        {
            command.Return();
        }
    }
}
