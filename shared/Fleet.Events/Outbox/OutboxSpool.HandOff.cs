using Fleet.Redis;

namespace Fleet.Events.Outbox;

/// <summary>
/// The hand-off between direct publishing and the outbox (docs/events.md, "When Redis is unreachable"). Three
/// modes, changed under one lock:
/// <list type="bullet">
/// <item><b>Direct</b>: publishes go straight to Redis. A publish that finds Redis unreachable is spooled, and the
/// mode becomes Spooling.</item>
/// <item><b>Spooling</b>: publishes go to the outbox through the group-commit writer, behind what is there, without
/// trying Redis. The replayer retries the oldest events; when Redis takes them, the mode becomes Draining.</item>
/// <item><b>Draining</b>: Redis is back and the replayer empties the files in pipelined batches. New publishes no
/// longer touch the disk: they are held in memory behind the outbox's tail, and the replayer sends them right after
/// the last spooled event; each caller's task completes when its XADD is acknowledged. When the files and the held
/// publishes are empty, the mode becomes Direct under the lock, so no publish overtakes a held one. When Redis fails
/// again, the held publishes are spooled, in order, and the mode is Spooling again.</item>
/// </list>
/// </summary>
internal sealed partial class OutboxSpool
{
    private readonly Lock _gate = new();
    private readonly Queue<QueuedPublish> _held = new();
    private volatile Mode _mode = Mode.Direct;
    private OutboxWriter? _writer;

    // Events held in memory behind the outbox, queued or being sent by the replayer.
    private long _heldEvents;

    // Completed while the mode is Direct: what WaitUntilEmptyAsync waits for.
    private TaskCompletionSource _emptied = Completed();

    private enum Mode
    {
        Direct,
        Spooling,
        Draining,
    }

    /// <summary>Whether publishes go straight to Redis (nothing spooled or held).</summary>
    public bool IsDirect => _mode == Mode.Direct;

    /// <inheritdoc/>
    public long Depth => Count + Interlocked.Read(ref _heldEvents);

    /// <inheritdoc/>
    public Task WaitUntilEmptyAsync(CancellationToken cancellationToken = default)
    {
        Task emptied;
        lock (_gate)
        {
            emptied = _emptied.Task;
        }

        return emptied.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Where a new publish goes: null when straight to Redis (Direct); otherwise it was spooled or held, and its
    /// <see cref="QueuedPublish.Completion"/> is returned.
    /// </summary>
    public Task<RedisStreamId[]?>? Route(QueuedPublish publish)
    {
        var mode = _mode;
        if (mode == Mode.Direct)
        {
            return null;
        }

        if (mode == Mode.Spooling)
        {
            // Encoded before the lock, so publishers do not encode one after the other.
            _ = publish.Payloads;
        }

        lock (_gate)
        {
            switch (_mode)
            {
                case Mode.Direct:
                    return null;
                case Mode.Spooling:
                    SpoolLocked(publish);
                    break;
                default:
                    Hold(publish);
                    break;
            }
        }

        return publish.Completion;
    }

    /// <summary>
    /// A direct publish found Redis unreachable: spools it (the outage starts when the mode was Direct), or holds it
    /// when the replayer is draining (Redis is back; it sends it after the outbox).
    /// </summary>
    public Task<RedisStreamId[]?> Spool(QueuedPublish publish)
    {
        _ = publish.Payloads;
        bool outageStarts;
        lock (_gate)
        {
            outageStarts = _mode == Mode.Direct;
            if (_mode == Mode.Draining)
            {
                Hold(publish);
            }
            else
            {
                LeaveDirectLocked();
                SpoolLocked(publish);
            }
        }

        if (outageStarts)
        {
            // One warning per outage, not one per event: an outage can spool thousands.
            Log.SpoolingStarted(_logger, _directory, publish.Stream, publish.EventType);
        }

        return publish.Completion;
    }

    /// <summary>Redis took replayed events: from now on new publishes wait in memory instead of going to disk.</summary>
    public void BeginDraining()
    {
        lock (_gate)
        {
            if (_mode == Mode.Spooling)
            {
                _mode = Mode.Draining;
            }
        }
    }

    /// <summary>Completes when every write queued so far is on disk (or failed).</summary>
    public Task FlushWritesAsync()
    {
        lock (_gate)
        {
            return _writer?.AppendAsync([]) ?? Task.CompletedTask;
        }
    }

    /// <summary>
    /// Moves the oldest held publishes, about <paramref name="maxEvents"/> events (at least one publish), into
    /// <paramref name="taken"/>; none while the files hold events (they go first). When none is held and the files
    /// are empty, publishing is Direct again from here on, and this returns true.
    /// </summary>
    public bool TakeHeld(int maxEvents, List<QueuedPublish> taken)
    {
        lock (_gate)
        {
            if (Count > 0)
            {
                return false;
            }

            var events = 0;
            while (_held.TryPeek(out var next) && (taken.Count == 0 || events + next.Entries.Length <= maxEvents))
            {
                taken.Add(_held.Dequeue());
                events += next.Entries.Length;
            }

            if (taken.Count > 0 || _mode != Mode.Draining)
            {
                return false;
            }

            _mode = Mode.Direct;
            _emptied.TrySetResult();
            return true;
        }
    }

    /// <summary>Redis accepted a held publish.</summary>
    public void Sent(QueuedPublish publish, RedisStreamId[] ids)
    {
        Interlocked.Add(ref _heldEvents, -publish.Entries.Length);
        publish.Sent(ids);
    }

    /// <summary>Redis refused a held publish with an error that is not an outage; the caller gets it, as a direct publish would.</summary>
    public void Failed(QueuedPublish publish, Exception error)
    {
        Interlocked.Add(ref _heldEvents, -publish.Entries.Length);
        publish.Fail(error);
    }

    /// <summary>
    /// The replay failed (Redis is gone again, or the host stops): spools <paramref name="inFlight"/> (held publishes
    /// the replayer was sending), then every publish still held, in order, and the mode is Spooling.
    /// </summary>
    public void ResumeSpooling(IReadOnlyList<QueuedPublish> inFlight)
    {
        lock (_gate)
        {
            if (_mode == Mode.Direct && inFlight.Count == 0)
            {
                return;
            }

            LeaveDirectLocked();
            foreach (var publish in inFlight)
            {
                Unhold(publish);
            }

            while (_held.TryDequeue(out var publish))
            {
                Unhold(publish);
            }
        }
    }

    private static TaskCompletionSource Completed()
    {
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        completed.SetResult();
        return completed;
    }

    private void LeaveDirect()
    {
        lock (_gate)
        {
            LeaveDirectLocked();
        }
    }

    /// <summary>
    /// The mode becomes Spooling (from Direct or Draining); the state derived from the mode changes here only, so
    /// WaitUntilEmptyAsync waits again whenever publishing stops being Direct.
    /// </summary>
    private void LeaveDirectLocked()
    {
        if (_mode == Mode.Direct)
        {
            _emptied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _mode = Mode.Spooling;
    }

    private void Hold(QueuedPublish publish)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _held.Enqueue(publish);
        Interlocked.Add(ref _heldEvents, publish.Entries.Length);
        _spooled.Writer.TryWrite(true);
    }

    private void Unhold(QueuedPublish publish)
    {
        Interlocked.Add(ref _heldEvents, -publish.Entries.Length);
        try
        {
            SpoolLocked(publish);
        }
        catch (Exception e)
        {
            publish.Fail(e);
        }
    }

    /// <summary>Queues <paramref name="publish"/> on the writer (under the lock, so the order of the queue is the order of the modes).</summary>
    private void SpoolLocked(QueuedPublish publish)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _writer ??= new OutboxWriter(OpenForWriter);
        publish.SpoolTo(_writer.AppendAsync(publish.Payloads));
        _spooled.Writer.TryWrite(true);
    }

    private void FailHeld(Exception error)
    {
        while (_held.TryDequeue(out var publish))
        {
            Interlocked.Add(ref _heldEvents, -publish.Entries.Length);
            publish.Fail(error);
        }
    }
}
