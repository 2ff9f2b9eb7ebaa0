using Microsoft.Win32.SafeHandles;

namespace Fleet.Events.Outbox;

/// <summary>Consuming: peeking at the oldest records, the checkpoint, deleting consumed segments.</summary>
internal sealed partial class FileOutbox
{
    /// <summary>Gets the oldest unconsumed record, leaving it in place; false when the outbox is empty.</summary>
    public bool TryPeek(out OutboxRecord record)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (!_entries.TryPeek(out var entry))
            {
                record = default;
                return false;
            }

            record = ReadRecord(entry);
            return true;
        }
    }

    /// <summary>Gets up to <paramref name="max"/> of the oldest unconsumed records, oldest first, leaving them in place.</summary>
    public IReadOnlyList<OutboxRecord> PeekBatch(int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        lock (_gate)
        {
            ThrowIfDisposed();
            var records = new List<OutboxRecord>(Math.Min(max, _entries.Count));
            foreach (var entry in _entries.Take(max))
            {
                records.Add(ReadRecord(entry));
            }

            return records;
        }
    }

    /// <summary>
    /// Marks the oldest <paramref name="count"/> records consumed. The checkpoint is on disk when this returns, so a
    /// restart does not replay them; segments left with no unconsumed record are deleted.
    /// </summary>
    public void RemoveFirst(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_gate)
        {
            ThrowIfDisposed();
            ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _entries.Count);

            // The checkpoint goes to disk before memory changes, so a failed write leaves both saying the same.
            var next = count < _entries.Count
                ? _entries.ElementAt(count).Position
                : new OutboxPosition(_activeSegment, _activeLength);

            // Group commit writes frames in one lock section and fsyncs them in a later one, so the records consumed
            // here may not be durable yet. A checkpoint past the durable end of the active segment would, after a
            // machine crash, point beyond the torn tail and recovery would refuse the outbox: fsync them first.
            // Earlier segments were fsynced when they were rolled.
            if (next.Segment == _activeSegment)
            {
                SyncActive();
            }

            OutboxCheckpoint.Write(_directory, next);

            for (var i = 0; i < count; i++)
            {
                _bytes -= _entries.Dequeue().FrameLength;
            }

            DeleteSegmentsBefore(next.Segment);
        }
    }

    private OutboxRecord ReadRecord(OutboxEntry entry)
    {
        var frame = new byte[entry.FrameLength];
        OutboxFiles.ReadExactly(Reader(entry.Position.Segment), frame, entry.Position.Offset);
        var (length, checksum) = OutboxFrame.ReadHeader(frame);
        var payload = frame.AsSpan(OutboxFrame.HeaderSize);

        // The frame was checked when written or recovered; checking again catches the disk changing under us
        // before a bad record is published.
        if (length != entry.PayloadLength || !OutboxFrame.IsIntact(payload, checksum))
        {
            throw new InvalidDataException(
                $"Outbox segment '{OutboxFiles.SegmentPath(_directory, entry.Position.Segment)}' is corrupt at offset {entry.Position.Offset}: " +
                "a record changed on disk after it was stored.");
        }

        return OutboxRecordCodec.Decode(payload);
    }

    private SafeFileHandle Reader(long segment)
    {
        if (!_readers.TryGetValue(segment, out var handle))
        {
            handle = File.OpenHandle(
                OutboxFiles.SegmentPath(_directory, segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            _readers.Add(segment, handle);
        }

        return handle;
    }

    private void DeleteSegmentsBefore(long segment)
    {
        for (; _firstSegment < segment; _firstSegment++)
        {
            if (_readers.Remove(_firstSegment, out var handle))
            {
                handle.Dispose();
            }

            try
            {
                File.Delete(OutboxFiles.SegmentPath(_directory, _firstSegment));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The checkpoint already says these records are consumed, so a segment that cannot be deleted now
                // costs only disk space; the next removal retries, and recovery deletes it at the latest.
                return;
            }
        }
    }
}
