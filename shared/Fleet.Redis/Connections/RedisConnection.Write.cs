using System.Buffers;
using Fleet.Redis.Protocol;
using Fleet.Redis.Telemetry;

namespace Fleet.Redis.Connections;

/// <summary>
/// The write side. Callers copy their serialised command into the active buffer under a short lock
/// and queue their reply in the same critical section, so the queue order is the wire order. One
/// caller at a time flushes: it swaps the buffers and writes everything gathered meanwhile in one
/// socket write, which is how many concurrent callers share few system calls.
/// </summary>
internal sealed partial class RedisConnection
{
    [ThreadStatic]
    private static RedisConnection? t_completing;

    private readonly Lock _writeLock = new();
    private byte[] _active = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private byte[] _flushing = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private int _activeLength;
    private bool _isFlushing;

    /// <summary>
    /// Queues <paramref name="command"/> and returns the task of its reply; false (and nothing sent)
    /// when the connection has failed, so the owner may wait for a new one.
    /// </summary>
    public bool TrySend<T>(CommandWriter command, IResultParser<T> parser, TimeSpan timeout, CancellationToken cancellationToken, out ValueTask<T> reply) =>
        TryQueue(command, parser, timeout, flush: true, cancellationToken, out reply);

    /// <summary>
    /// As <see cref="TrySend{T}(CommandWriter, IResultParser{T}, TimeSpan, CancellationToken, out ValueTask{T})"/>;
    /// with <paramref name="flush"/> false the bytes wait in the buffer (unless a flush running now takes them) until
    /// the caller's <see cref="Flush"/>, so a pipeline of commands goes out in one socket write instead of one each.
    /// </summary>
    public bool TryQueue<T>(CommandWriter command, IResultParser<T> parser, TimeSpan timeout, bool flush, CancellationToken cancellationToken, out ValueTask<T> reply)
    {
        command.Complete();
        if (cancellationToken.IsCancellationRequested)
        {
            // Cancelled before anything was written: nothing is sent, so the command certainly did not run.
            reply = ValueTask.FromCanceled<T>(cancellationToken);
            return true;
        }

        bool flushHere;
        bool flushLater;
        PendingReply<T> pending;
        lock (_writeLock)
        {
            if (_failure is not null)
            {
                reply = default;
                return false;
            }

            var deadline = DeadlineAfter(timeout);
            pending = PendingReply<T>.Rent(parser, command.CommandName, timeout, deadline, cancellationToken);
            Append(command.Written);
            _pending.Enqueue(new PendingEntry(pending, pending.Generation));
            (flushHere, flushLater) = flush ? ClaimFlush() : (false, false);
        }

        FleetRedisMetrics.RecordCommand(command.CommandName);

        reply = pending.Task;
        StartFlush(flushHere, flushLater);
        return true;
    }

    /// <summary>Writes a command that gets no reply of its own (SUBSCRIBE and friends answer with push frames).</summary>
    public bool TrySendWithoutReply(CommandWriter command)
    {
        command.Complete();
        bool flushHere;
        bool flushLater;
        lock (_writeLock)
        {
            if (_failure is not null)
            {
                return false;
            }

            Append(command.Written);
            (flushHere, flushLater) = ClaimFlush();
        }

        FleetRedisMetrics.RecordCommand(command.CommandName);
        StartFlush(flushHere, flushLater);
        return true;
    }

    /// <summary>Writes what commands sent without a flush left in the buffer (nothing when a running flush has them).</summary>
    public void Flush()
    {
        bool flushHere;
        bool flushLater;
        lock (_writeLock)
        {
            if (_activeLength == 0 || _failure is not null)
            {
                return;
            }

            (flushHere, flushLater) = ClaimFlush();
        }

        StartFlush(flushHere, flushLater);
    }

    /// <summary>The timestamp <paramref name="timeout"/> from now; a timeout too long to represent never expires.</summary>
    private long DeadlineAfter(TimeSpan timeout)
    {
        var ticks = timeout.TotalSeconds * _time.TimestampFrequency;
        var now = _time.GetTimestamp();
        return ticks >= long.MaxValue - now ? long.MaxValue : now + (long)ticks;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_activeLength + bytes.Length > _active.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_active.Length * 2, _activeLength + bytes.Length));
            _active.AsSpan(0, _activeLength).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_active);
            _active = larger;
        }

        bytes.CopyTo(_active.AsSpan(_activeLength));
        _activeLength += bytes.Length;
    }

    /// <summary>
    /// Decides who flushes. A caller running inside this connection's completion batch does not
    /// write inline: the flush goes to the thread pool, so the replies the batch's continuations
    /// queue meanwhile go out together, and a continuation that blocks cannot hold the bytes back.
    /// </summary>
    private (bool Here, bool Later) ClaimFlush()
    {
        if (_isFlushing)
        {
            return (false, false);
        }

        _isFlushing = true;
        return ReferenceEquals(t_completing, this) ? (false, true) : (true, false);
    }

    private void StartFlush(bool here, bool later)
    {
        if (here)
        {
            _ = FlushAsync();
        }
        else if (later)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static connection => _ = connection.FlushAsync(), this, preferLocal: false);
        }
    }

    /// <summary>Writes until the active buffer is empty. Never throws: a write error fails the connection.</summary>
    private async Task FlushAsync()
    {
        try
        {
            while (true)
            {
                byte[] buffer;
                int length;
                lock (_writeLock)
                {
                    if (_activeLength == 0 || _failure is not null)
                    {
                        _isFlushing = false;
                        return;
                    }

                    (buffer, length) = (_active, _activeLength);
                    (_active, _flushing, _activeLength) = (_flushing, _active, 0);
                }

                await _stream.WriteAsync(buffer.AsMemory(0, length), _shutdown.Token).ConfigureAwait(false);
                FleetRedisMetrics.Add(FleetRedisMetrics.BytesWritten, length);
            }
        }
        catch (Exception ex)
        {
            lock (_writeLock)
            {
                _isFlushing = false;
            }

            Fail(ex);
        }
    }
}
