using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Fleet.Events.Outbox;

/// <summary>
/// The durable FIFO the publisher spools to while Redis is unreachable (design §6): records appended to
/// segment files (<c>00000001.seg</c>, …), each framed as <c>[int32 length][uint32 CRC-32][payload]</c> and flushed to
/// disk before <see cref="Append(ReadOnlySpan{byte})"/> returns (or, for <see cref="Write"/>, at the next
/// <see cref="Sync"/>: the group commit of <see cref="OutboxWriter"/>), and a checkpoint naming the first unconsumed
/// record, replaced atomically on every <see cref="RemoveFirst"/>. Fully consumed segments are deleted. All members
/// are thread-safe; one lock serialises them, which is cheap next to the fsync each commit and removal makes.
/// </summary>
/// <remarks>
/// Only the positions of unconsumed records are kept in memory; their bytes are read back from the segments when
/// peeked, so the memory cost stays small even with <see cref="OutboxOptions.MaxBytes"/> spooled.
/// </remarks>
internal sealed partial class FileOutbox : IOutboxLog, IDisposable
{
    private readonly Lock _gate = new();
    private readonly string _directory;
    private readonly OutboxOptions _options;
    private readonly FileStream _lockFile;
    private readonly Queue<OutboxEntry> _entries;
    private readonly Dictionary<long, SafeFileHandle> _readers = [];
    private long _bytes;
    private long _firstSegment;
    private long _activeSegment;
    private long _activeLength;

    // Null after a failed append whose partial frame could not be cut off; the next append reopens and cuts it.
    private FileStream? _writer;
    private bool _disposed;

    private FileOutbox(OutboxOptions options, string directory, FileStream lockFile, OutboxRecoveredState state, FileStream writer)
    {
        _options = options;
        _directory = directory;
        _lockFile = lockFile;
        _entries = new Queue<OutboxEntry>(state.Entries);
        _bytes = state.Entries.Sum(e => e.FrameLength);
        _firstSegment = state.FirstSegment;
        _activeSegment = state.ActiveSegment;
        _activeLength = state.ActiveLength;
        _writer = writer;
    }

    /// <summary>Unconsumed records.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Bytes of unconsumed records on disk, frame headers included; what <see cref="OutboxOptions.MaxBytes"/> bounds.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Whether there is no unconsumed record.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>
    /// Opens the outbox in <see cref="OutboxOptions.Directory"/>, creating it when missing, takes its lock file and
    /// recovers what a previous process left (see <see cref="OutboxRecovery"/>). Throws <see cref="IOException"/> when
    /// another process or another open outbox holds the directory, and <see cref="InvalidDataException"/> when
    /// stored records are damaged beyond a torn tail.
    /// </summary>
    /// <param name="options">The directory and limits; validated here.</param>
    /// <param name="time">The clock stamped into the lock file for whoever investigates a held lock; default the system clock.</param>
    public static FileOutbox Open(OutboxOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var directory = Path.GetFullPath(options.Directory);
        Directory.CreateDirectory(directory);

        var lockFile = TakeLock(directory, time ?? TimeProvider.System);
        FileStream? writer = null;
        try
        {
            var state = OutboxRecovery.Recover(directory);
            writer = OpenWriter(OutboxFiles.SegmentPath(directory, state.ActiveSegment), FileMode.Open);
            writer.Position = state.ActiveLength;
            return new FileOutbox(options, directory, lockFile, state, writer);
        }
        catch
        {
            writer?.Dispose();
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Closes the segment files and releases the directory's lock. Unconsumed records stay on disk.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _writer?.Dispose();
            _writer = null;
            foreach (var reader in _readers.Values)
            {
                reader.Dispose();
            }

            _readers.Clear();
            _lockFile.Dispose();
        }
    }

    private static FileStream TakeLock(string directory, TimeProvider time)
    {
        var path = Path.Combine(directory, OutboxFiles.LockFileName);
        FileStream lockFile;
        try
        {
            // FileShare.None is an exclusive lock while the stream is open: a share mode on Windows, flock(LOCK_EX) on
            // Unix. The OS drops it when the process dies, so a crash never leaves the directory locked. The file is
            // not deleted on close: deleting it would let a third process lock a fresh file while a second still
            // holds the old one.
            lockFile = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        }
        catch (IOException ex)
        {
            throw new IOException(
                $"The outbox directory '{directory}' is in use by another process (or another open outbox in this one): " +
                $"its lock file '{path}' is held. Give each process its own OutboxOptions.Directory.", ex);
        }

        try
        {
            var stamp = string.Create(
                CultureInfo.InvariantCulture,
                $"pid {Environment.ProcessId} on {Environment.MachineName} since {time.GetUtcNow():O}\n");
            lockFile.SetLength(0);
            lockFile.Write(Encoding.UTF8.GetBytes(stamp));
            return lockFile;
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    private static FileStream OpenWriter(string path, FileMode mode) =>
        // No buffering: every append is one write straight to the OS and then an fsync, and Dispose has nothing
        // left to flush that could fail. Readers open the same file with FileShare.ReadWrite.
        new(path, new FileStreamOptions
        {
            Mode = mode,
            Access = FileAccess.Write,
            Share = FileShare.Read | FileShare.Delete,
            BufferSize = 0,
        });

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
