using System.Buffers.Binary;
using System.IO.Hashing;

namespace Fleet.Events.Outbox;

/// <summary>
/// The checkpoint file: <c>[uint32 magic][int64 segment][int64 offset][uint32 CRC-32 of the previous 20 bytes]</c>,
/// little-endian, naming the first unconsumed record (or the end of the data when there is none).
/// </summary>
internal static class OutboxCheckpoint
{
    private const uint Magic = 0x50434F46; // "FOCP" on disk: Fleet outbox checkpoint.
    private const int Size = 24;

    /// <summary>Reads the checkpoint; null when there is none yet.</summary>
    public static OutboxPosition? Read(string directory)
    {
        var path = Path.Combine(directory, OutboxFiles.CheckpointFileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);

        // The file is only ever replaced whole by a rename, so a bad one is damage, not a torn write; guessing a
        // position would either replay consumed events or skip unconsumed ones.
        if (bytes.Length != Size
            || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic
            || BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(20)) != Crc32.HashToUInt32(bytes.AsSpan(0, 20)))
        {
            throw new InvalidDataException($"Outbox checkpoint '{path}' is damaged ({bytes.Length} bytes).");
        }

        var segment = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(4));
        var offset = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(12));
        if (segment <= 0 || offset < 0)
        {
            throw new InvalidDataException($"Outbox checkpoint '{path}' holds an invalid position ({segment}, {offset}).");
        }

        return new OutboxPosition(segment, offset);
    }

    /// <summary>
    /// Replaces the checkpoint atomically: writes a temp file, flushes it to disk, renames it over the old one, so
    /// a crash leaves either the old or the new position, never a mix.
    /// </summary>
    public static void Write(string directory, OutboxPosition position)
    {
        Span<byte> bytes = stackalloc byte[Size];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[4..], position.Segment);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[12..], position.Offset);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[20..], Crc32.HashToUInt32(bytes[..20]));

        var temp = Path.Combine(directory, OutboxFiles.CheckpointTempFileName);
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        // .NET cannot fsync a directory, so after a power cut the rename itself may be lost and the old checkpoint
        // come back; that replays already-published events, which at-least-once delivery (design §4) allows.
        File.Move(temp, Path.Combine(directory, OutboxFiles.CheckpointFileName), overwrite: true);
    }
}
