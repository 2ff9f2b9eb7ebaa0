using System.Collections.Concurrent;
using System.Net.Sockets;
using Fleet.Redis.Telemetry;

namespace Fleet.Redis.Connections;

/// <summary>
/// One physical connection: a socket, the queue of commands awaiting replies, a read loop and a
/// coalescing writer. It never reconnects by itself: when it fails, every queued command fails with
/// <see cref="RedisConnectionException"/> and its owner decides what comes next.
/// </summary>
internal sealed partial class RedisConnection : IAsyncDisposable
{
    private static readonly TimeSpan TimeoutCheckPeriod = TimeSpan.FromMilliseconds(100);

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly RedisClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentQueue<PendingEntry> _pending = new();
    private readonly PushHandler? _pushHandler;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ITimer _timeoutTimer;
    private Task _readLoop = Task.CompletedTask;
    private Exception? _failure;

    private RedisConnection(Socket socket, Stream stream, RedisClientOptions options, PushHandler? pushHandler)
    {
        _socket = socket;
        _stream = stream;
        _options = options;
        _time = options.TimeProvider;
        _pushHandler = pushHandler;
        _timeoutTimer = _time.CreateTimer(static state => ((RedisConnection)state!).TimeOutOverdueCommands(), this, TimeoutCheckPeriod, TimeoutCheckPeriod);
        FleetRedisMetrics.ConnectionOpened(this);
    }

    /// <summary>Takes frames before they are matched to commands (Pub/Sub messages); returns true when it consumed the frame.</summary>
    internal delegate bool PushHandler(ReadOnlySpan<byte> frame);

    /// <summary>Raised once, on the thread that noticed, when the connection fails or is closed.</summary>
    public event Action<RedisConnection, Exception>? Failed;

    /// <summary>The protocol agreed in the handshake.</summary>
    public RedisProtocol Protocol { get; private set; } = RedisProtocol.Resp2;

    /// <summary>Whether the connection can still take commands.</summary>
    public bool IsHealthy => Volatile.Read(ref _failure) is null;

    /// <summary>Commands written and not yet answered.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>
    /// Marks the connection failed (once), closes the socket and fails every command still waiting.
    /// Those commands are not re-sent: the caller learns that the outcome is unknown.
    /// </summary>
    public void Fail(Exception reason)
    {
        var error = reason as RedisConnectionException
            ?? new RedisConnectionException($"Connection to Redis at {_options} was lost: {reason.Message}", reason);
        // Under the write lock, so a command is either queued before the drain below or refused.
        lock (_writeLock)
        {
            if (_failure is not null)
            {
                return;
            }

            Volatile.Write(ref _failure, error);
        }

        _timeoutTimer.Dispose();
        _shutdown.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed by the peer; nothing left to shut down.
        }

        _stream.Dispose();
        DrainPending(error);
        FleetRedisMetrics.ConnectionClosed(this);
        // Only the owner (ConnectionSupervisor, BlockingConnectionPool) listens; user handlers are isolated where the
        // public events are raised (RedisClient, RedisSubscriber).
        Failed?.Invoke(this, error);
    }

    public async ValueTask DisposeAsync()
    {
        Fail(new RedisConnectionException($"Connection to Redis at {_options} was closed by the client."));
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or RedisException or IOException or ObjectDisposedException)
        {
            // The loop ends with whatever closed the socket; the failure has been reported already.
        }

        _shutdown.Dispose();
    }

    private void DrainPending(RedisConnectionException error)
    {
        while (_pending.TryDequeue(out var entry))
        {
            if (entry.TryFail(error))
            {
                entry.Reply.ScheduleSignal();
            }

            entry.ReleaseQueueSide();
        }
    }

    private void TimeOutOverdueCommands()
    {
        if (_pending.IsEmpty)
        {
            return;
        }

        var now = _time.GetTimestamp();
        // A snapshot: an entry in it may be answered and its reply reused meanwhile; its generation makes that harmless.
        foreach (var entry in _pending)
        {
            if (!entry.IsDecided)
            {
                entry.TimeOutIfDue(now);
            }
        }
    }
}
