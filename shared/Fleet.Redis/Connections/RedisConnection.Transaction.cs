using Fleet.Redis.Protocol;
using Fleet.Redis.Telemetry;

namespace Fleet.Redis.Connections;

/// <summary>
/// MULTI / EXEC on the shared connection. A transaction is MULTI, its commands and EXEC in a row: if
/// another caller's command landed in between, Redis would queue it into this transaction. So the whole
/// block is appended under the same write lock as <see cref="TrySend"/>, with one reply queued per
/// command in wire order; only EXEC's reply reaches the caller.
/// </summary>
internal sealed partial class RedisConnection
{
    private static ReadOnlySpan<byte> Multi => "*1\r\n$5\r\nMULTI\r\n"u8;

    private static ReadOnlySpan<byte> Exec => "*1\r\n$4\r\nEXEC\r\n"u8;

    /// <summary>
    /// Writes MULTI, <paramref name="commands"/> (serialised back to back, named by <paramref name="commandNames"/>)
    /// and EXEC as one contiguous block, and returns the task of EXEC's reply. The replies to MULTI and to each
    /// queued command (<c>+OK</c>, <c>+QUEUED</c>) are consumed here; the first refusal among them is kept in
    /// <paramref name="queueErrors"/> to explain the EXECABORT that follows. False (nothing sent) when the
    /// connection has failed.
    /// </summary>
    public bool TrySendTransaction<T>(
        ReadOnlySpan<byte> commands,
        IReadOnlyList<string> commandNames,
        TransactionQueueErrors queueErrors,
        IResultParser<T> execParser,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        out ValueTask<T> reply)
    {
        // Built outside the lock; they carry no deadline, since the caller's timeout rides on EXEC's reply.
        var queued = new QueuedReply[commandNames.Count + 1];
        queued[0] = new QueuedReply(queueErrors, -1, "MULTI");
        for (var i = 0; i < commandNames.Count; i++)
        {
            queued[i + 1] = new QueuedReply(queueErrors, i, commandNames[i]);
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
            pending = PendingReply<T>.Rent(execParser, "EXEC", timeout, deadline, cancellationToken);
            Append(Multi);
            Append(commands);
            Append(Exec);
            foreach (var item in queued)
            {
                _pending.Enqueue(new PendingEntry(item, item.Generation));
            }

            _pending.Enqueue(new PendingEntry(pending, pending.Generation));
            (flushHere, flushLater) = ClaimFlush();
        }

        FleetRedisMetrics.RecordCommand("MULTI");
        FleetRedisMetrics.RecordCommands(commandNames);
        FleetRedisMetrics.RecordCommand("EXEC");

        reply = pending.Task;
        StartFlush(flushHere, flushLater);
        return true;
    }

    /// <summary>What the server answered while queuing a transaction: the first command it refused, if any.</summary>
    internal sealed class TransactionQueueErrors
    {
        private string? _first;

        /// <summary>
        /// "command 2 (SET) was refused: ERR ..." for the first refused command, else null. Written by the read
        /// loop before it reads EXEC's reply, so it is complete once that reply has been signalled.
        /// </summary>
        public string? First => Volatile.Read(ref _first);

        public void Record(int index, string commandName, string error)
        {
            var text = index < 0 ? $"{commandName} was refused: {error}" : $"command {index} ({commandName}) was refused: {error}";
            Interlocked.CompareExchange(ref _first, text, null);
        }
    }

    /// <summary>
    /// The reply to MULTI or to a queued command. Nobody awaits it, so it never signals: it only records
    /// an error reply, and it is not pooled (the connection's release is the last reference that matters).
    /// </summary>
    private sealed class QueuedReply : PendingReply
    {
        private readonly TransactionQueueErrors _errors;
        private readonly int _index;

        public QueuedReply(TransactionQueueErrors errors, int index, string commandName)
        {
            _errors = errors;
            _index = index;
            Prepare(commandName, System.Threading.Timeout.InfiniteTimeSpan, long.MaxValue);
        }

        public override bool TryDeliver(ReadOnlySpan<byte> frame, int generation)
        {
            if (!TryDecide(generation))
            {
                return false;
            }

            var reader = new RespReader(frame);
            if (reader.IsError())
            {
                _errors.Record(_index, CommandName, reader.ReadErrorMessage());
            }

            return false;
        }

        public override bool TryFail(Exception error, int generation)
        {
            // Decides without keeping the error (so no SetError): nobody reads a queued command's own outcome.
            TryDecide(generation);
            return false;
        }

        public override void Signal()
        {
            // Nothing waits on a queued command's own reply.
        }

        protected override void Recycle()
        {
            // Not pooled.
        }
    }
}
