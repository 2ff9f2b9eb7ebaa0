using System.Buffers.Text;

namespace Fleet.Redis.Protocol;

/// <summary>
/// Finds where one complete RESP value ends in a buffer, without building anything. The reader loop
/// calls it on whatever bytes it has; an incomplete value answers false and, given a
/// <see cref="RespScanState"/>, the next call resumes where this one stopped, so a large reply
/// arriving in many reads is scanned once rather than from its start on every read.
/// </summary>
internal static class RespScanner
{
    /// <summary>Redis caps a bulk string at 512 MiB (proto-max-bulk-len); anything larger is garbage.</summary>
    private const long MaxBulkLength = 512L * 1024 * 1024;

    /// <summary>
    /// Scans one value (with its nested values and any RESP3 attribute before it) at the start of
    /// <paramref name="buffer"/>. Returns false when the buffer ends before the value does.
    /// Throws <see cref="RedisProtocolException"/> when the bytes are not RESP.
    /// </summary>
    public static bool TryScan(ReadOnlySpan<byte> buffer, out int length)
    {
        var state = default(RespScanState);
        return TryScan(buffer, ref state, out length);
    }

    /// <summary>
    /// As <see cref="TryScan(ReadOnlySpan{byte}, out int)"/>, resuming from <paramref name="state"/>: the values
    /// before <see cref="RespScanState.Position"/> were validated by an earlier call on the same frame (whose bytes
    /// may have moved, but start <paramref name="buffer"/> again). When false, <paramref name="state"/> records where
    /// the first incomplete value starts; when true, it is reset for the next frame.
    /// </summary>
    public static bool TryScan(ReadOnlySpan<byte> buffer, ref RespScanState state, out int length)
    {
        var remaining = state.Position == 0 ? 1 : state.Remaining; // values still to scan: aggregates add their children
        var position = state.Position;
        while (remaining > 0)
        {
            if (!TryReadLine(buffer, position, out var line, out var next))
            {
                state = new RespScanState(position, remaining);
                length = 0;
                return false;
            }

            remaining--;
            var prefix = (RespPrefix)buffer[position];
            switch (prefix)
            {
                case RespPrefix.SimpleString:
                case RespPrefix.SimpleError:
                case RespPrefix.Integer:
                case RespPrefix.Null:
                case RespPrefix.Boolean:
                case RespPrefix.Double:
                case RespPrefix.BigNumber:
                    position = next;
                    break;
                case RespPrefix.BulkString:
                case RespPrefix.BulkError:
                case RespPrefix.VerbatimString:
                    var size = ParseLength(line, prefix);
                    if (size < 0)
                    {
                        position = next; // $-1: RESP2 null bulk string
                        break;
                    }

                    if (buffer.Length - next < size + 2)
                    {
                        state = new RespScanState(position, remaining + 1); // this value is scanned again
                        length = 0;
                        return false;
                    }

                    if (buffer[next + (int)size] != (byte)'\r' || buffer[next + (int)size + 1] != (byte)'\n')
                    {
                        throw new RedisProtocolException($"RESP {(char)prefix} value of {size} bytes is not followed by CRLF.");
                    }

                    position = next + (int)size + 2;
                    break;
                case RespPrefix.Array:
                case RespPrefix.Set:
                case RespPrefix.Push:
                    var count = ParseLength(line, prefix);
                    remaining += Math.Max(count, 0); // *-1: RESP2 null array
                    position = next;
                    break;
                case RespPrefix.Map:
                    remaining += 2 * ParseCount(line, prefix);
                    position = next;
                    break;
                case RespPrefix.Attribute:
                    // An attribute map is followed by the value it describes; both belong to this frame.
                    remaining += (2 * ParseCount(line, prefix)) + 1;
                    position = next;
                    break;
                default:
                    throw new RedisProtocolException($"Unexpected RESP type byte 0x{buffer[position]:X2} at offset {position}.");
            }
        }

        state = default;
        length = position;
        return true;
    }

    /// <summary>Reads the header line at <paramref name="start"/>: its payload after the prefix byte, and where the next line starts.</summary>
    internal static bool TryReadLine(ReadOnlySpan<byte> buffer, int start, out ReadOnlySpan<byte> line, out int next)
    {
        if (start >= buffer.Length)
        {
            line = default;
            next = 0;
            return false;
        }

        var end = buffer[start..].IndexOf((byte)'\n');
        if (end < 0)
        {
            line = default;
            next = 0;
            return false;
        }

        end += start;
        if (end == start || buffer[end - 1] != (byte)'\r')
        {
            throw new RedisProtocolException($"RESP line at offset {start} does not end with CRLF.");
        }

        line = buffer[(start + 1)..(end - 1)];
        next = end + 1;
        return true;
    }

    internal static long ParseLength(ReadOnlySpan<byte> line, RespPrefix prefix)
    {
        if (line.Length > 0 && line[0] == (byte)'?')
        {
            throw new RedisProtocolException($"Streamed RESP3 {(char)prefix} values are not supported (Redis does not send them).");
        }

        if (!Utf8Parser.TryParse(line, out long value, out var consumed) || consumed != line.Length || value < -1 || value > MaxBulkLength)
        {
            throw new RedisProtocolException($"Invalid RESP {(char)prefix} length '{System.Text.Encoding.ASCII.GetString(line)}'.");
        }

        return value;
    }

    private static long ParseCount(ReadOnlySpan<byte> line, RespPrefix prefix)
    {
        var count = ParseLength(line, prefix);
        if (count < 0)
        {
            throw new RedisProtocolException($"RESP {(char)prefix} cannot have a negative length.");
        }

        return count;
    }
}
