using System.Buffers;

namespace Fleet.Events.Outbox;

/// <summary>Appending: capacity checks, the frame write and fsync, segment rolls.</summary>
internal sealed partial class FileOutbox
{
    /// <summary>
    /// Appends <paramref name="record"/>; on return it is on disk. Throws <see cref="OutboxFullException"/> (writing
    /// nothing) when it would go past <see cref="OutboxOptions.MaxEvents"/> or <see cref="OutboxOptions.MaxBytes"/>.
    /// </summary>
    public void Append(OutboxRecord record) => Append(OutboxRecordCodec.Encode(record));

    /// <summary>
    /// Appends a non-empty <paramref name="payload"/>; on return it is on disk. Throws
    /// <see cref="OutboxFullException"/> (writing nothing) when it would go past <see cref="OutboxOptions.MaxEvents"/>
    /// or <see cref="OutboxOptions.MaxBytes"/>.
    /// </summary>
    public void Append(ReadOnlySpan<byte> payload)
    {
        CheckLength(payload.Length, nameof(payload));
        lock (_gate)
        {
            ThrowIfDisposed();
            ThrowIfFull(1, OutboxFrame.HeaderSize + payload.Length);
            WriteFrame(payload);
            SyncActive();
        }
    }

    /// <summary>
    /// Appends every payload, in order, all or none when the outbox lacks room for all of them
    /// (<see cref="OutboxFullException"/>), with one fsync for the batch; on return they are on disk. An I/O error
    /// part-way leaves the payloads before it appended.
    /// </summary>
    public void AppendBatch(IReadOnlyList<byte[]> payloads)
    {
        try
        {
            Write(payloads);
        }
        finally
        {
            // What was written is made durable even when a later frame failed: those events count as spooled.
            Sync();
        }
    }

    /// <inheritdoc/>
    public void Write(IReadOnlyList<byte[]> payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        long bytes = 0;
        foreach (var payload in payloads)
        {
            CheckLength(payload.Length, nameof(payloads));
            bytes += OutboxFrame.HeaderSize + payload.Length;
        }

        lock (_gate)
        {
            ThrowIfDisposed();
            ThrowIfFull(payloads.Count, bytes);
            foreach (var payload in payloads)
            {
                WriteFrame(payload);
            }
        }
    }

    /// <inheritdoc/>
    public void Sync()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            SyncActive();
        }
    }

    private static void CheckLength(int length, string parameterName)
    {
        if (!OutboxFrame.IsValidLength(length))
        {
            throw new ArgumentException($"An outbox payload must have 1 to {OutboxFrame.MaxPayloadLength} bytes; this one has {length}.", parameterName);
        }
    }

    /// <summary>Writes one frame (under the lock), rolling first when it would take the segment past SegmentBytes.</summary>
    private void WriteFrame(ReadOnlySpan<byte> payload)
    {
        var frameLength = OutboxFrame.HeaderSize + payload.Length;
        var frame = ArrayPool<byte>.Shared.Rent(frameLength);
        try
        {
            OutboxFrame.Write(frame, payload);

            // Roll before the write, so a segment only grows past SegmentBytes when one frame alone is larger.
            if (_activeLength > 0 && _activeLength + frameLength > _options.SegmentBytes)
            {
                SyncActive();
                Roll();
            }

            var writer = EnsureWriter();
            try
            {
                writer.Write(frame, 0, frameLength);
            }
            catch
            {
                CutPartialFrame(writer);
                throw;
            }

            _entries.Enqueue(new OutboxEntry(new OutboxPosition(_activeSegment, _activeLength), payload.Length));
            _activeLength += frameLength;
            _bytes += frameLength;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    /// <summary>fsync of the active segment (under the lock): the frames written so far survive a crash.</summary>
    private void SyncActive() => _writer?.Flush(flushToDisk: true);

    private void ThrowIfFull(int frames, long bytes)
    {
        if (_entries.Count + frames > _options.MaxEvents)
        {
            throw new OutboxFullException(nameof(OutboxOptions.MaxEvents), _options.MaxEvents, _entries.Count, _bytes, bytes);
        }

        if (_bytes + bytes > _options.MaxBytes)
        {
            throw new OutboxFullException(nameof(OutboxOptions.MaxBytes), _options.MaxBytes, _entries.Count, _bytes, bytes);
        }
    }

    private void Roll()
    {
        var next = _activeSegment + 1;
        var writer = OpenWriter(OutboxFiles.SegmentPath(_directory, next), FileMode.CreateNew);
        _writer?.Dispose();
        _writer = writer;
        _activeSegment = next;
        _activeLength = 0;
    }

    private FileStream EnsureWriter()
    {
        if (_writer is { } writer)
        {
            return writer;
        }

        // A previous append failed and could not cut its partial frame; cut it now, or fail this append too rather
        // than write after bytes that recovery would see as corruption in the middle of the segment.
        writer = OpenWriter(OutboxFiles.SegmentPath(_directory, _activeSegment), FileMode.Open);
        try
        {
            writer.SetLength(_activeLength);
            writer.Position = _activeLength;
            writer.Flush(flushToDisk: true);
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        _writer = writer;
        return writer;
    }

    private void CutPartialFrame(FileStream writer)
    {
        try
        {
            writer.SetLength(_activeLength);
            writer.Position = _activeLength;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The caller sees the original write error; the next append retries the cut through EnsureWriter.
            writer.Dispose();
            _writer = null;
        }
    }
}
