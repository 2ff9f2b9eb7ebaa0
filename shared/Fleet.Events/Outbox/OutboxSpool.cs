using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Fleet.Events.Telemetry;
using Fleet.Redis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Events.Outbox;

/// <summary>
/// The process's publish outbox (DESIGN.md section 6): owns the <see cref="FileOutbox"/>, opened on the first spool,
/// so a process that never spools (every process in <see cref="PublishFailureMode.FailFast"/> mode, and the others
/// while Redis is up) creates no files. <see cref="Publishing.OutboxReplayService"/> drains it; the publisher sends new events
/// to it while it is not empty so they do not overtake spooled ones. Thread-safe.
/// </summary>
internal sealed class OutboxSpool : IDisposable
{
    private static readonly Lock LiveGate = new();
    private static readonly List<OutboxSpool> Live = [];

    /// <summary>Events waiting in the local outbox of this process, for Redis to come back.</summary>
    internal static readonly ObservableGauge<long> Depth = FleetEventsTelemetry.Meter.CreateObservableGauge(
        "fleet.events.outbox.depth", ObserveDepth, "{event}", "Events waiting in the local outbox for Redis to come back.");

    private readonly OutboxOptions _options;
    private readonly string _directory;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxSpool> _logger;
    private readonly Lock _gate = new();

    // Bounded to one: a pending signal is enough to wake the replayer, however many spools happened since.
    private readonly Channel<bool> _spooled = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private FileOutbox? _outbox;
    private bool _inOutage;
    private bool _disposed;

    public OutboxSpool(IOptions<FleetEventsOptions> options, TimeProvider time, ILogger<OutboxSpool> logger)
    {
        _options = options.Value.Outbox;
        _directory = Path.GetFullPath(_options.Directory);
        _time = time;
        _logger = logger;
        lock (LiveGate)
        {
            Live.Add(this);
        }
    }

    /// <summary>The outbox directory (full path), for messages.</summary>
    public string Directory => _directory;

    /// <summary>Whether no event waits in the outbox (also when it was never opened).</summary>
    public bool IsEmpty => Volatile.Read(ref _outbox) is not { } outbox || outbox.IsEmpty;

    /// <summary>Events waiting in the outbox.</summary>
    public int Count => Volatile.Read(ref _outbox)?.Count ?? 0;


    /// <summary>
    /// Opens the outbox when its directory holds segment files, so events an earlier run spooled are replayed;
    /// returns how many wait. An outbox found empty is closed again. Creates nothing when there are no segments.
    /// </summary>
    public int OpenLeftOver()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_outbox is { } open)
            {
                return open.Count;
            }

            if (!System.IO.Directory.Exists(_directory) || OutboxFiles.ListSegments(_directory).Count == 0)
            {
                return 0;
            }

            var outbox = FileOutbox.Open(_options, _time);
            var count = outbox.Count;
            if (count == 0)
            {
                // Release the directory's lock: nothing to replay, and the next spool opens it again.
                outbox.Dispose();
                return 0;
            }

            Volatile.Write(ref _outbox, outbox);
            _spooled.Writer.TryWrite(true);
            return count;
        }
    }

    /// <summary>
    /// Appends one event (on disk when this returns) and wakes the replayer. Throws <see cref="OutboxFullException"/>
    /// when it does not fit; the event is then neither published nor spooled.
    /// </summary>
    public void Spool(OutboxRecord record, string stream, string eventType)
    {
        var payload = OutboxRecordCodec.Encode(record);
        bool outageStarts;
        lock (_gate)
        {
            EnsureOpen().Append(payload);
            outageStarts = !_inOutage;
            _inOutage = true;
        }

        Spooled(outageStarts, stream, eventType);
    }

    /// <summary>
    /// Appends a batch of events to one stream, all or none when the outbox lacks room for all of them
    /// (<see cref="OutboxFullException"/>). An I/O error part-way leaves the events before it spooled.
    /// </summary>
    public void SpoolBatch(string streamKey, IReadOnlyList<StreamField>[] entries, string stream, string eventType)
    {
        var payloads = new byte[entries.Length][];
        for (var i = 0; i < entries.Length; i++)
        {
            payloads[i] = OutboxRecordCodec.Encode(new OutboxRecord(streamKey, entries[i]));
        }

        bool outageStarts;
        lock (_gate)
        {
            EnsureOpen().AppendBatch(payloads);
            outageStarts = !_inOutage;
            _inOutage = true;
        }

        Spooled(outageStarts, stream, eventType);
    }

    /// <summary>Up to <paramref name="max"/> of the oldest events, oldest first, left in place.</summary>
    public IReadOnlyList<OutboxRecord> PeekBatch(int max) => Volatile.Read(ref _outbox)?.PeekBatch(max) ?? [];

    /// <summary>Marks the oldest <paramref name="count"/> events replayed (the checkpoint is on disk when this returns).</summary>
    public void RemoveFirst(int count) =>
        (Volatile.Read(ref _outbox) ?? throw new InvalidOperationException("The outbox is not open.")).RemoveFirst(count);

    /// <summary>Called when the replayer emptied the outbox: ends the outage, so the next spool logs its warning again.</summary>
    public void EndOutage()
    {
        lock (_gate)
        {
            // An event spooled since the replayer looked means the outage goes on.
            if (IsEmpty)
            {
                _inOutage = false;
            }
        }
    }

    /// <summary>
    /// Completes when something was spooled since the last call (or the outbox was opened with events); false once
    /// the spool is disposed.
    /// </summary>
    public async Task<bool> WaitForSpoolAsync(CancellationToken cancellationToken)
    {
        if (!await _spooled.Reader.WaitToReadAsync(cancellationToken))
        {
            return false;
        }

        _spooled.Reader.TryRead(out _);
        return true;
    }

    /// <summary>Closes the outbox; events not yet replayed stay on disk for the next run.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _outbox?.Dispose();
            _spooled.Writer.TryComplete();
        }

        lock (LiveGate)
        {
            Live.Remove(this);
        }
    }

    private FileOutbox EnsureOpen()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_outbox is null)
        {
            Volatile.Write(ref _outbox, FileOutbox.Open(_options, _time));
        }

        return _outbox;
    }

    private void Spooled(bool outageStarts, string stream, string eventType)
    {
        // One warning per outage, not one per event: an outage can spool thousands.
        if (outageStarts)
        {
            Log.SpoolingStarted(_logger, _directory, stream, eventType);
        }

        _spooled.Writer.TryWrite(true);
    }

    private static long ObserveDepth()
    {
        long depth = 0;
        lock (LiveGate)
        {
            foreach (var spool in Live)
            {
                depth += spool.Count;
            }
        }

        return depth;
    }
}
