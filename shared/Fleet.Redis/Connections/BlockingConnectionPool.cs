using System.Collections.Concurrent;
using Fleet.Redis.Protocol;
using Fleet.Redis.Telemetry;

namespace Fleet.Redis.Connections;

/// <summary>
/// Dedicated connections for blocking commands (XREADGROUP / XREAD with BLOCK), so a reader parked
/// on the server never holds up the shared connection. A connection goes back to the pool only when
/// it finished cleanly; one abandoned mid-block (cancelled, timed out) is closed, because the server
/// would otherwise answer the abandoned command to the next user.
/// </summary>
/// <remarks>
/// Dispose closes the idle connections and fails the leased ones (their commands fail with
/// <see cref="RedisConnectionException"/>); each lease then closes its own connection, so every connection is
/// disposed once, by an awaited call. A lease that starts after dispose throws <see cref="ObjectDisposedException"/>.
/// A lease that ends after dispose never parks its connection: it adds it to the idle set and then checks the
/// disposed flag, while dispose sets the flag and then drains the set, so one of the two always sees the
/// connection and closes it.
/// </remarks>
internal sealed class BlockingConnectionPool : IAsyncDisposable
{
    private readonly RedisClientOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentBag<RedisConnection> _idle = [];
    private readonly ConcurrentDictionary<RedisConnection, byte> _leased = new();
    private readonly Reconnector _reconnector;
    private int _disposed;

    public BlockingConnectionPool(RedisClientOptions options)
    {
        _options = options;
        _slots = new SemaphoreSlim(options.MaxBlockingConnections, options.MaxBlockingConnections);
        _reconnector = new Reconnector(options, pushHandler: null);
    }

    /// <summary>Connections parked for the next lease (for tests).</summary>
    internal int IdleCount => _idle.Count;

    private bool IsDisposed => Interlocked.CompareExchange(ref _disposed, 0, 0) != 0; // a full fence, see the remarks

    public async ValueTask<T> ExecuteAsync<T>(CommandWriter command, IResultParser<T> parser, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        RedisConnection? connection = null;
        var slotTaken = false;
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            slotTaken = true;
            connection = TakeIdle() ?? await _reconnector.ConnectWithinAsync(_options.ReconnectWaitTimeout, cancellationToken).ConfigureAwait(false);
            Lease(connection);
            var sent = connection.TrySend(command, parser, timeout, cancellationToken, out var reply);
            command.Return();
            command = null!;
            if (!sent)
            {
                throw new RedisConnectionException($"Blocking connection to Redis at {_options} failed before the command was sent.");
            }

            var result = await reply.ConfigureAwait(false);
            if (connection.IsHealthy && connection.PendingCount == 0)
            {
                var returned = connection;
                connection = null;
                await ReturnAsync(returned).ConfigureAwait(false);
            }

            return result;
        }
        finally
        {
            command?.Return();
            if (connection is not null)
            {
                EndLease(connection);
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
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Failing is synchronous and ends the leased command; its lease's finally does the one awaited dispose.
        var closed = new RedisConnectionException($"Blocking connection to Redis at {_options} was closed by the client.");
        foreach (var connection in _leased.Keys)
        {
            connection.Fail(closed);
        }

        await DrainIdleAsync().ConfigureAwait(false);
    }

    private void Lease(RedisConnection connection)
    {
        _leased.TryAdd(connection, 0);
        FleetRedisMetrics.BlockingLeases.Add(1);
        FleetRedisMetrics.BlockingLeased.Add(1);
        // Dispose may have walked the leases before this one joined: the caller's finally closes the connection.
        ObjectDisposedException.ThrowIf(IsDisposed, this);
    }

    private void EndLease(RedisConnection connection)
    {
        if (_leased.TryRemove(connection, out _))
        {
            FleetRedisMetrics.BlockingLeased.Add(-1);
        }
    }

    private async ValueTask ReturnAsync(RedisConnection connection)
    {
        EndLease(connection);
        _idle.Add(connection);
        if (IsDisposed)
        {
            await DrainIdleAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask DrainIdleAsync()
    {
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
