using Microsoft.Win32.SafeHandles;

namespace Fleet.Events.Outbox;

/// <summary>
/// Rebuilds an outbox's state from its directory at open: drops consumed segments, checks every unconsumed frame,
/// and cuts a torn tail off the last segment.
/// </summary>
/// <remarks>
/// Appends are written and flushed one at a time, so a crash can damage only the frame being written, at the end
/// of the last segment: it is then short (the file ends inside it), fails its CRC as the file's last frame, or
/// reads as zeros (a file system that grew the file before writing its data). Such a tail is cut. Any other bad
/// frame means damage to data an append already reported as stored, so recovery stops with
/// <see cref="InvalidDataException"/> rather than drop events silently.
/// </remarks>
internal static class OutboxRecovery
{
    /// <summary>Recovers the outbox in <paramref name="directory"/>, which the caller holds the lock of.</summary>
    public static OutboxRecoveredState Recover(string directory)
    {
        // A temp checkpoint is one whose rename never happened; the old checkpoint is still the valid one.
        File.Delete(Path.Combine(directory, OutboxFiles.CheckpointTempFileName));

        var checkpoint = OutboxCheckpoint.Read(directory);
        var segments = OutboxFiles.ListSegments(directory);

        // Segments before the checkpoint's were fully consumed; the process stopped before deleting them.
        if (checkpoint is { } consumedBefore)
        {
            foreach (var number in segments.Where(n => n < consumedBefore.Segment))
            {
                File.Delete(OutboxFiles.SegmentPath(directory, number));
            }

            segments.RemoveAll(n => n < consumedBefore.Segment);
        }

        if (segments.Count == 0)
        {
            // Start past the checkpoint's segment: its file is gone, so its offset means nothing in a new file.
            var first = checkpoint is { } position ? position.Segment + 1 : 1;
            using (File.Open(OutboxFiles.SegmentPath(directory, first), FileMode.CreateNew, FileAccess.Write))
            {
            }

            return new OutboxRecoveredState([], first, first, 0);
        }

        for (var i = 1; i < segments.Count; i++)
        {
            if (segments[i] != segments[i - 1] + 1)
            {
                throw new InvalidDataException(
                    $"Outbox segment '{OutboxFiles.SegmentPath(directory, segments[i - 1] + 1)}' is missing; its unconsumed events are lost.");
            }
        }

        var entries = new List<OutboxEntry>();
        var buffer = new byte[4096];
        long activeLength = 0;
        foreach (var number in segments)
        {
            var start = checkpoint is { } at && at.Segment == number ? at.Offset : 0;
            var isLast = number == segments[^1];
            activeLength = ScanSegment(OutboxFiles.SegmentPath(directory, number), number, start, isLast, entries, ref buffer);
        }

        return new OutboxRecoveredState(entries, segments[0], segments[^1], activeLength);
    }

    private static long ScanSegment(string path, long number, long start, bool isLast, List<OutboxEntry> entries, ref byte[] buffer)
    {
        long length;
        long? tornAt = null;
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read))
        {
            length = RandomAccess.GetLength(handle);
            if (start > length)
            {
                throw new InvalidDataException($"Outbox checkpoint points at offset {start} of '{path}', which has only {length} bytes.");
            }

            var offset = start;
            Span<byte> header = stackalloc byte[OutboxFrame.HeaderSize];
            while (offset < length)
            {
                var remaining = length - offset;
                if (remaining < OutboxFrame.HeaderSize)
                {
                    tornAt = Torn(path, offset, isLast, "a frame header is cut short");
                    break;
                }

                OutboxFiles.ReadExactly(handle, header, offset);
                var (payloadLength, checksum) = OutboxFrame.ReadHeader(header);
                if (!OutboxFrame.IsValidLength(payloadLength))
                {
                    tornAt = payloadLength == 0 && IsAllZero(handle, offset, length, buffer)
                        ? Torn(path, offset, isLast, "the tail is zero-filled")
                        : throw Corrupt(path, offset, $"invalid record length {payloadLength}");
                    break;
                }

                var frameEnd = offset + OutboxFrame.HeaderSize + payloadLength;
                if (frameEnd > length)
                {
                    tornAt = Torn(path, offset, isLast, "a record is cut short");
                    break;
                }

                if (buffer.Length < payloadLength)
                {
                    buffer = new byte[Math.Max(payloadLength, buffer.Length * 2)];
                }

                var payload = buffer.AsSpan(0, payloadLength);
                OutboxFiles.ReadExactly(handle, payload, offset + OutboxFrame.HeaderSize);
                if (!OutboxFrame.IsIntact(payload, checksum))
                {
                    tornAt = frameEnd == length
                        ? Torn(path, offset, isLast, "the last record fails its CRC")
                        : throw Corrupt(path, offset, "a record fails its CRC");
                    break;
                }

                entries.Add(new OutboxEntry(new OutboxPosition(number, offset), payloadLength));
                offset = frameEnd;
            }
        }

        if (tornAt is not { } cut)
        {
            return length;
        }

        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            stream.SetLength(cut);
            stream.Flush(flushToDisk: true);
        }

        return cut;
    }

    private static long Torn(string path, long offset, bool isLast, string why) =>
        isLast ? offset : throw Corrupt(path, offset, why + " in a segment that is not the last");

    private static InvalidDataException Corrupt(string path, long offset, string why) =>
        new($"Outbox segment '{path}' is corrupt at offset {offset}: {why}.");

    private static bool IsAllZero(SafeFileHandle handle, long offset, long length, byte[] buffer)
    {
        while (offset < length)
        {
            var chunk = buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - offset));
            OutboxFiles.ReadExactly(handle, chunk, offset);
            if (chunk.ContainsAnyExcept((byte)0))
            {
                return false;
            }

            offset += chunk.Length;
        }

        return true;
    }
}
