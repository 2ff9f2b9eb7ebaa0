using System.Collections.Concurrent;

namespace Fleet.Redis.Connections;

/// <summary>
/// The replies parsed from one socket read, signalled together on one thread-pool work item. The
/// read loop hands the batch off and goes straight back to reading, so a caller's continuation
/// never runs on (or stalls) the read loop, and the cost of the hop is shared by the whole batch.
/// </summary>
internal sealed class CompletionBatch : IThreadPoolWorkItem
{
    private static readonly ConcurrentQueue<CompletionBatch> Pool = new();

    private readonly List<PendingEntry> _replies = new(64);
    private RedisConnection? _connection;

    public static CompletionBatch Rent(RedisConnection connection)
    {
        if (!Pool.TryDequeue(out var batch))
        {
            batch = new CompletionBatch();
        }

        batch._connection = connection;
        return batch;
    }

    public void Add(PendingEntry entry) => _replies.Add(entry);

    /// <summary>Queues the batch when it holds replies, else returns it to the pool.</summary>
    public void Dispatch()
    {
        if (_replies.Count == 0)
        {
            Recycle();
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    public void Execute()
    {
        var connection = _connection!;
        connection.EnterCompletion();
        try
        {
            foreach (var entry in _replies)
            {
                entry.Reply.Signal();
                entry.ReleaseQueueSide();
            }
        }
        finally
        {
            RedisConnection.ExitCompletion();
            Recycle();
        }
    }

    private void Recycle()
    {
        _replies.Clear();
        _connection = null;
        if (Pool.Count < 256)
        {
            Pool.Enqueue(this);
        }
    }
}
