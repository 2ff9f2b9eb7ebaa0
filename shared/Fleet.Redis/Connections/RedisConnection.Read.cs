using System.Buffers;
using Fleet.Redis.Protocol;
using Fleet.Redis.Telemetry;

namespace Fleet.Redis.Connections;

/// <summary>
/// The read side: one loop per connection reads whatever the socket has, cuts it into complete
/// RESP frames, matches each to the oldest waiting command and parses it there (the parser copies
/// what it keeps), then hands the batch of finished replies to the thread pool.
/// </summary>
internal sealed partial class RedisConnection
{
    private const int ReadBufferSize = 64 * 1024;

    /// <summary>Marks the current thread as signalling this connection's replies (see <see cref="ClaimFlush"/>).</summary>
    internal void EnterCompletion() => t_completing = this;

    internal static void ExitCompletion() => t_completing = null;

    private void StartReading() => _readLoop = ReadLoopAsync();

    private async Task ReadLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        var start = 0;
        var end = 0;
        var scan = default(RespScanState); // progress into the partial frame at start, so its bytes are scanned once
        try
        {
            while (true)
            {
                if (end == buffer.Length)
                {
                    buffer = MakeRoom(buffer, ref start, ref end);
                }

                var read = await _stream.ReadAsync(buffer.AsMemory(end), _shutdown.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new RedisConnectionException($"Redis at {_options} closed the connection.");
                }

                end += read;
                FleetRedisMetrics.Add(FleetRedisMetrics.BytesRead, read);
                var batch = CompletionBatch.Rent(this);
                try
                {
                    while (start < end && RespScanner.TryScan(buffer.AsSpan(start, end - start), ref scan, out var length))
                    {
                        OnFrame(buffer.AsSpan(start, length), batch);
                        start += length;
                    }
                }
                finally
                {
                    batch.Dispatch();
                }

                if (start == end)
                {
                    start = end = 0;
                }
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Compacts a partial frame to the front of the buffer, or grows the buffer when the frame fills it.</summary>
    private static byte[] MakeRoom(byte[] buffer, ref int start, ref int end)
    {
        if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
            return buffer;
        }

        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, end).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    private void OnFrame(ReadOnlySpan<byte> frame, CompletionBatch batch)
    {
        if (_pushHandler is not null && _pushHandler(frame))
        {
            return;
        }

        if (frame[0] == (byte)RespPrefix.Push)
        {
            return; // out-of-band RESP3 data nobody subscribed to on this connection (e.g. client tracking)
        }

        if (!_pending.TryDequeue(out var entry))
        {
            throw new RedisProtocolException($"Redis at {_options} sent a reply no command was waiting for.");
        }

        if (entry.TryDeliver(frame))
        {
            batch.Add(entry);
        }
        else
        {
            entry.ReleaseQueueSide(); // timed out or cancelled earlier: the late reply is dropped
        }
    }
}
