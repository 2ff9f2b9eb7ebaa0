using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Fleet.Events.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Events.Outbox;

/// <summary>
/// The process's publish outbox (DESIGN.md section 6): owns the <see cref="FileOutbox"/>, opened on the first spool,
/// so a process that never spools (every process in <see cref="PublishFailureMode.FailFast"/> mode, and the others
/// while Redis is up) creates no files, and its group-commit <see cref="OutboxWriter"/>. It decides where each
/// publish goes (the hand-off, OutboxSpool.HandOff.cs); <see cref="Publishing.OutboxReplayService"/> drains it.
/// Thread-safe.
/// </summary>
internal sealed partial class OutboxSpool : IOutboxMonitor, IDisposable
{
    private static readonly Lock LiveGate = new();
    private static readonly List<OutboxSpool> Live = [];

    /// <summary>Events waiting in the local outbox of this process, for Redis to come back.</summary>
    internal static readonly ObservableGauge<long> DepthGauge = FleetEventsTelemetry.Meter.CreateObservableGauge(
        "fleet.events.outbox.depth", ObserveDepth, "{event}", "Events waiting in the local outbox for Redis to come back.");

    private readonly OutboxOptions _options;
    private readonly string _directory;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxSpool> _logger;

    // Opening and closing the file outbox; the hand-off has its own lock (_gate), so an open on the writer thread
    // never holds a publisher.
    private readonly Lock _openGate = new();

    // Bounded to one: a pending signal is enough to wake the replayer, however many spools happened since.
    private readonly Channel<bool> _spooled = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private FileOutbox? _outbox;
    private volatile bool _disposed;

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

    /// <inheritdoc/>
    public string Directory => _directory;

    /// <summary>Whether no event waits in the outbox files (also when they were never opened).</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>Events waiting in the outbox files.</summary>
    public int Count => Volatile.Read(ref _outbox)?.Count ?? 0;

    /// <summary>fsyncs of the group-commit writer so far (benchmarks and tests).</summary>
    internal long Commits => Volatile.Read(ref _writer)?.Commits ?? 0;

    /// <summary>
    /// Opens the outbox when its directory holds segment files, so events an earlier run spooled are replayed;
    /// returns how many wait. An outbox found empty is closed again. Creates nothing when there are no segments.
    /// </summary>
    public int OpenLeftOver()
    {
        int count;
        lock (_openGate)
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
            count = outbox.Count;
            if (count == 0)
            {
                // Release the directory's lock: nothing to replay, and the next spool opens it again.
                outbox.Dispose();
                return 0;
            }

            Volatile.Write(ref _outbox, outbox);
        }

        // New publishes queue behind what the earlier run left.
        LeaveDirect();
        _spooled.Writer.TryWrite(true);
        return count;
    }

    /// <summary>Up to <paramref name="max"/> of the oldest events in the files, oldest first, left in place.</summary>
    public IReadOnlyList<OutboxRecord> PeekBatch(int max) => Volatile.Read(ref _outbox)?.PeekBatch(max) ?? [];

    /// <summary>Marks the oldest <paramref name="count"/> events replayed (the checkpoint is on disk when this returns).</summary>
    public void RemoveFirst(int count) =>
        (Volatile.Read(ref _outbox) ?? throw new InvalidOperationException("The outbox is not open.")).RemoveFirst(count);

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

    /// <summary>
    /// Writes what the writer holds, then closes the outbox; events not yet replayed stay on disk for the next run.
    /// Publishes still held in memory fail (the replay service spools them when it stops, before this).
    /// </summary>
    public void Dispose()
    {
        OutboxWriter? writer;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            writer = _writer;
            FailHeld(new ObjectDisposedException(nameof(OutboxSpool), "The publisher was disposed before Redis took this event back from the outbox."));
        }

        writer?.Dispose();
        lock (_openGate)
        {
            _outbox?.Dispose();
        }

        _spooled.Writer.TryComplete();
        lock (LiveGate)
        {
            Live.Remove(this);
        }
    }

    /// <summary>
    /// The file outbox, opened on first use; called on the writer thread. Once disposing, the writes still queued go to
    /// an open outbox (it is closed after the writer stopped), but none is opened any more.
    /// </summary>
    private FileOutbox OpenForWriter()
    {
        lock (_openGate)
        {
            if (_outbox is { } outbox)
            {
                return outbox;
            }

            ObjectDisposedException.ThrowIf(_disposed, this);
            outbox = FileOutbox.Open(_options, _time);
            Volatile.Write(ref _outbox, outbox);
            return outbox;
        }
    }

    private static long ObserveDepth()
    {
        long depth = 0;
        lock (LiveGate)
        {
            foreach (var spool in Live)
            {
                depth += spool.Depth;
            }
        }

        return depth;
    }
}
