using System.Collections.Concurrent;
using Fleet.Redis.Protocol;

namespace Fleet.Redis.Connections;

/// <summary>
/// Dedicated connections for blocking commands (XREADGROUP / XREAD with BLOCK), so a reader parked
/// on the server never holds up the shared connection. A connection goes back to the pool only when
/// it finished cleanly; one abandoned mid-block (cancelled, timed out) is closed, because the server
/// would otherwise answer the abandoned command to the next user.
/// </summary>
internal sealed class BlockingConnectionPool : IAsyncDisposable
{
    private readonly RedisClientOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentBag<RedisConnection> _idle = [];
    private readonly Reconnector _reconnector;
    private bool _disposed;

    public BlockingConnectionPool(RedisClientOptions options)
    {
        _options = options;
        _slots = new SemaphoreSlim(options.MaxBlockingConnections, options.MaxBlockingConnections);
        _reconnector = new Reconnector(options, pushHandler: null);
    }

    public async ValueTask<T> ExecuteAsync<T>(CommandWriter command, IResultParser<T> parser, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        RedisConnection? connection = null;
        var slotTaken = false;
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            slotTaken = true;
            connection = TakeIdle() ?? await _reconnector.ConnectWithinAsync(_options.ReconnectWaitTimeout, cancellationToken).ConfigureAwait(false);
            var sent = connection.TrySend(command, parser, timeout, cancellationToken, out var reply);
            command.Return();
            command = null!;
            if (!sent)
            {
                throw new RedisConnectionException($"Blocking connection to Redis at {_options} failed before the command was sent.");
            }

            var result = await reply.ConfigureAwait(false);
            if (connection.IsHealthy && connection.PendingCount == 0 && !_disposed)
            {
                _idle.Add(connection);
                connection = null;
            }

            return result;
        }
        finally
        {
            command?.Return();
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            if (slotTaken)
            {
                _slots.Release();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idle.TryTake(out var connection))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private RedisConnection? TakeIdle()
    {
        while (_idle.TryTake(out var connection))
        {
            if (connection.IsHealthy)
            {
                return connection;
            }

            _ = connection.DisposeAsync().AsTask();
        }

        return null;
    }
}
