using System.Buffers.Binary;
using System.IO.Hashing;

namespace Fleet.Events.Outbox;

/// <summary>
/// The frame of one record in a segment: <c>[int32 payload length][uint32 CRC-32 of the payload][payload]</c>,
/// little-endian. The CRC lets recovery tell a record torn by a crash from a whole one.
/// </summary>
internal static class OutboxFrame
{
    /// <summary>Bytes before the payload.</summary>
    public const int HeaderSize = 8;

    /// <summary>
    /// Largest payload a frame may carry. Far above any event (Redis caps a bulk string at 512 MB); its point is that
    /// recovery rejects a garbage length instead of trying to read gigabytes.
    /// </summary>
    public const int MaxPayloadLength = 1 << 30;

    /// <summary>Writes the frame for <paramref name="payload"/> into <paramref name="destination"/>.</summary>
    public static void Write(Span<byte> destination, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Crc32.HashToUInt32(payload));
        payload.CopyTo(destination[HeaderSize..]);
    }

    /// <summary>Reads a header's payload length and checksum.</summary>
    public static (int Length, uint Checksum) ReadHeader(ReadOnlySpan<byte> header) =>
        (BinaryPrimitives.ReadInt32LittleEndian(header), BinaryPrimitives.ReadUInt32LittleEndian(header[4..]));

    /// <summary>Whether <paramref name="length"/> is one a frame can have; the payload is never empty.</summary>
    public static bool IsValidLength(int length) => length is > 0 and <= MaxPayloadLength;

    /// <summary>Whether <paramref name="payload"/> matches the checksum from its header.</summary>
    public static bool IsIntact(ReadOnlySpan<byte> payload, uint checksum) => Crc32.HashToUInt32(payload) == checksum;
}
