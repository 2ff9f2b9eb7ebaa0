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
                var delay = RetryDelay(failures);
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
                Dispatch(entry);
                _position = entry.Id;
            }

            _memory.EvictExpired();
        }
    }

    private void Dispatch(StreamEntry entry)
    {
        if (!HasCorrelation(entry.Fields))
        {
            return;
        }

        EventEnvelope envelope;
        try
        {
            envelope = EnvelopeCodec.Decode(entry.Fields);
        }
        catch (MalformedEventException error)
        {
            Log.MalformedResponseSkipped(_logger, Stream, entry.Id, error.Message);
            return;
        }

        var correlationId = envelope.CorrelationId!.Value;
        _memory.Remember(envelope, correlationId);

        // The twin of the fence in Register: remember (store), then look for waits (load).
        Interlocked.MemoryBarrier();
        if (_waits.TryGetValue((envelope.Type, correlationId), out var wait))
        {
            // No lock is held: the completion's continuations run on the thread pool, not on this loop.
            wait.Complete(envelope);
        }
    }

    // A cheap look at correlation_id without decoding or allocating: most entries of a busy stream are not responses.
    private static bool HasCorrelation(IReadOnlyList<StreamField> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (string.Equals(field.Name, EnvelopeFields.CorrelationId, StringComparison.Ordinal))
            {
                return !field.Value.IsNullOrEmpty;
            }
        }

        return false;
    }

    private static TimeSpan RetryDelay(int failures)
    {
        var delay = FirstRetryDelay * Math.Pow(2, Math.Min(failures - 1, 10));
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }
}
