using System.Threading.Channels;

namespace Fleet.Events.Outbox;

/// <summary>
/// The group commit of the publish outbox: callers queue their payloads (<see cref="AppendAsync"/> returns at once),
/// and one dedicated thread writes every request waiting at that moment, fsyncs once, then completes each caller's
/// task. While one fsync runs the next group gathers, so the more publishers spool at once, the fewer fsyncs per
/// event. fsync is synchronous in .NET; on its own thread it never holds a thread-pool thread, which an fsync on the
/// async publish path did (the pool then grew by a thread a second and the client's reconnect starved).
/// </summary>
/// <remarks>
/// Each request is checked for room on its own (all or none, <see cref="OutboxFullException"/>), so a batch that
/// does not fit fails alone while the others of its group are written. Requests are written in the order they were
/// queued. A task completes only after the fsync covering its payloads returned; when that fsync fails, every request
/// of the group fails with its error (the frames may still be on disk and be replayed: at-least-once).
/// </remarks>
internal sealed class OutboxWriter : IDisposable
{
    // A group stops growing here, so one slow fsync does not hold an unbounded number of callers.
    private const int MaxGroupRecords = 4096;

    private readonly Func<IOutboxLog> _open;
    private readonly Channel<Request> _requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _thread;
    private readonly List<Request> _group = [];
    private long _commits;

    /// <summary>Starts the writer thread. <paramref name="open"/> gives the log, opened on the first write that needs it.</summary>
    public OutboxWriter(Func<IOutboxLog> open)
    {
        _open = open;
        _thread = new Thread(Run) { IsBackground = true, Name = "Fleet outbox writer" };
        _thread.Start();
    }

    /// <summary>fsyncs made so far: one per group that wrote something.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>
    /// Queues <paramref name="payloads"/> (all or none) behind every request queued before; the task completes once
    /// they are on disk, or fails with <see cref="OutboxFullException"/> or the I/O error. An empty list writes
    /// nothing and completes once every request queued before it completed (a barrier). Never blocks.
    /// </summary>
    public Task AppendAsync(IReadOnlyList<byte[]> payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        var request = new Request(payloads);
        ObjectDisposedException.ThrowIf(!_requests.Writer.TryWrite(request), this);
        return request.Done.Task;
    }

    /// <summary>Writes what is queued, then stops the thread. Later appends throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _requests.Writer.TryComplete();
        _thread.Join();
    }

    private void Run()
    {
        var reader = _requests.Reader;
        while (true)
        {
            if (!reader.TryRead(out var first))
            {
                // Blocking is what this thread is for; it is not a pool thread.
                if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                {
                    return;
                }

                continue;
            }

            _group.Add(first);
            var records = first.Payloads.Count;
            while (records < MaxGroupRecords && reader.TryRead(out var next))
            {
                _group.Add(next);
                records += next.Payloads.Count;
            }

            Commit(_group, records);
            _group.Clear();
        }
    }

    private void Commit(List<Request> group, int records)
    {
        Exception? syncError = null;
        if (records > 0)
        {
            syncError = WriteAndSync(group);
        }

        foreach (var request in group)
        {
            var error = request.Error ?? (request.Payloads.Count > 0 ? syncError : null);
            if (error is not null)
            {
                request.Done.TrySetException(error);
            }
            else
            {
                request.Done.TrySetResult();
            }
        }
    }

    /// <summary>Writes each request of the group (recording its own error), then one fsync; returns the fsync's error.</summary>
    private Exception? WriteAndSync(List<Request> group)
    {
        IOutboxLog log;
        try
        {
            log = _open();
        }
        catch (Exception e)
        {
            // The outbox cannot be opened (a disk or permission error): every caller of the group hears it; the next
            // group tries again.
            return e;
        }

        foreach (var request in group)
        {
            if (request.Payloads.Count == 0)
            {
                continue;
            }

            try
            {
                log.Write(request.Payloads);
            }
            catch (Exception e)
            {
                request.Error = e;
            }
        }

        try
        {
            // Also after a failed write: frames that did go out are made durable, as the recovery will find them.
            log.Sync();
        }
        catch (Exception e)
        {
            return e;
        }

        Interlocked.Increment(ref _commits);
        return null;
    }

    private sealed class Request(IReadOnlyList<byte[]> payloads)
    {
        public IReadOnlyList<byte[]> Payloads { get; } = payloads;

        // Completed on the writer thread; the callers' continuations must not run there.
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Exception? Error { get; set; }
    }
}
