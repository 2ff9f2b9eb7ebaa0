using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;
using Fleet.Redis.Protocol;

namespace Fleet.Redis.Connections;

/// <summary>
/// A pooled <see cref="IValueTaskSource{TResult}"/> for one command, so that a command costs no
/// allocation beyond what its result needs. It returns to the pool once both the connection and
/// the caller are done with it.
/// </summary>
internal sealed class PendingReply<T> : PendingReply, IValueTaskSource<T>
{
    private const int MaxPooled = 4096;
    private static readonly ConcurrentQueue<PendingReply<T>> Pool = new();
    private static int s_pooled;

    private ManualResetValueTaskSourceCore<T> _core;
    private IResultParser<T>? _parser;
    private T? _result;
    private Exception? _error;
    private CancellationTokenRegistration _cancellation;

    /// <summary>Takes a reply from the pool and arms it.</summary>
    public static PendingReply<T> Rent(IResultParser<T> parser, string commandName, TimeSpan timeout, long deadline, CancellationToken cancellationToken)
    {
        if (Pool.TryDequeue(out var reply))
        {
            Interlocked.Decrement(ref s_pooled);
        }
        else
        {
            reply = new PendingReply<T>();
        }

        reply._parser = parser;
        reply.Prepare(commandName, timeout, deadline);
        if (cancellationToken.CanBeCanceled)
        {
            reply._cancellation = cancellationToken.UnsafeRegister(
                static (state, token) => ((PendingReply<T>)state!).Cancel(token), reply);
        }

        return reply;
    }

    /// <summary>The task the caller awaits.</summary>
    public ValueTask<T> Task => new(this, _core.Version);

    public override bool TryDeliver(ReadOnlySpan<byte> frame, int generation)
    {
        if (IsDecided(generation))
        {
            return false;
        }

        T? result = default;
        Exception? error = null;
        try
        {
            var reader = new RespReader(frame);
            if (reader.IsError())
            {
                error = new RedisServerException(reader.ReadErrorMessage());
            }
            else
            {
                result = _parser!.Parse(ref reader);
            }
        }
        catch (RedisException ex)
        {
            error = ex;
        }
        catch (Exception ex)
        {
            // Whatever a parser throws, this caller gets it: the reply has left the queue already, so an
            // exception escaping to the read loop would leave the caller waiting for ever.
            error = new RedisProtocolException($"Redis {CommandName} replied with a shape the client cannot read: {ex.Message}");
        }

        if (!TryDecide(generation))
        {
            return false;
        }

        _result = result;
        _error = error;
        if (error is not null)
        {
            RecordError(error);
        }

        return true;
    }

    public override void Signal()
    {
        if (_error is null)
        {
            _core.SetResult(_result!);
        }
        else
        {
            _core.SetException(_error);
        }
    }

    public T GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            // Dispose waits for a cancellation callback that is running right now, so the reply is
            // never recycled under it.
            _cancellation.Dispose();
            Release();
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    protected override void SetError(Exception error)
    {
        _error = error;
        RecordError(error);
    }

    protected override void Recycle()
    {
        _core.Reset();
        _parser = null;
        _result = default;
        _error = null;
        _cancellation = default;
        if (Interlocked.Increment(ref s_pooled) <= MaxPooled)
        {
            Pool.Enqueue(this);
        }
        else
        {
            Interlocked.Decrement(ref s_pooled);
        }
    }

    private void Cancel(CancellationToken token)
    {
        // The registration is disposed before the reply is released, so this is always the current generation.
        if (TryFail(new OperationCanceledException($"Redis {CommandName} was cancelled while waiting for its reply; the command may still run on the server.", token), Generation))
        {
            ScheduleSignal();
        }
    }
}
