using Fleet.Redis;

namespace Fleet.Events.RequestReply;

/// <content>The read loop: XREAD without a group, dispatch, recovery with backoff.</content>
internal sealed partial class ResponseReader
{
    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<StreamEntry> entries;
            try
            {
                Interlocked.Increment(ref _reads);

                // XREAD COUNT 512 BLOCK 5000 STREAMS key position: a missing stream simply blocks until it is
                // created, and the position is an explicit id (never '$'), so nothing appended between two reads
                // or during an outage is skipped.
                entries = await _transport.ReadAsync(Key, _position, BatchSize, BlockTimeout, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                failures++;
                var delay = RetryBackoff.Delay(failures);
                Log.ResponseReadFailed(_logger, error, Stream, failures, delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, _time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            if (failures > 0)
            {
                Log.ResponseReaderResumed(_logger, Stream, _position, failures);
                failures = 0;
            }

            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                try
                {
                    Dispatch(entry);
                }
                catch (Exception error)
                {
                    // One entry must never stop the loop every wait of this process depends on.
                    Log.ResponseDispatchFailed(_logger, error, Stream, entry.Id);
                }

                _position = entry.Id;
            }

            _memory.EvictExpired();
        }
    }

    private void Dispatch(StreamEntry entry)
    {
        if (!EnvelopeCodec.TryPeekRouting(entry.Fields, out var type, out var correlationId))
        {
            return;
        }

        _memory.Remember(type, correlationId, entry.Id);

        // The twin of the fence in Register: remember (store), then look for waits (load).
        Interlocked.MemoryBarrier();
        if (_waits.TryGetValue((type, correlationId), out var wait) && TryDecode(entry, out var envelope))
        {
            // No lock is held: the completion's continuations run on the thread pool, not on this loop.
            wait.Complete(envelope);
        }
    }

    private bool TryDecode(StreamEntry entry, out EventEnvelope envelope)
    {
        try
        {
            envelope = EnvelopeCodec.Decode(entry.Fields);
            return true;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // As for consumers: an entry that cannot be decoded never will be, so it is skipped, not retried.
            Log.MalformedResponseSkipped(_logger, Stream, entry.Id, error.Message);
            envelope = null!;
            return false;
        }
    }

    // The id just before entryId, so an XREAD after it returns entryId first.
    private static RedisStreamId Before(RedisStreamId entryId) =>
        entryId.Sequence > 0
            ? new RedisStreamId(entryId.Milliseconds, entryId.Sequence - 1)
            : new RedisStreamId(entryId.Milliseconds - 1, ulong.MaxValue);
}
