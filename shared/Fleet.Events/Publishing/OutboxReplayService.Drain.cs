using Fleet.Events.Outbox;
using Fleet.Redis;

namespace Fleet.Events.Publishing;

/// <summary>Draining: the outbox files first, then the publishes held in memory behind them.</summary>
internal sealed partial class OutboxReplayService
{
    /// <summary>
    /// Empties the outbox files, then sends the publishes held behind them, until publishing is direct again (true)
    /// or an attempt fails (false: whatever is left is spooled, in order). Returns how many events the files held.
    /// </summary>
    private async Task<(int Replayed, bool Direct)> DrainAsync(CancellationToken cancellationToken)
    {
        var replayed = 0;
        List<QueuedPublish> unsent = [];
        try
        {
            while (true)
            {
                var (count, done) = await ReplayFilesAsync(cancellationToken);
                replayed += count;
                if (!done)
                {
                    spool.ResumeSpooling([]);
                    return (replayed, false);
                }

                // The files are empty. Spools still queued on the writer are replayed first; until Redis took one, the
                // mode stays Spooling, so an outage that just began is not mistaken for Redis being back.
                await spool.FlushWritesAsync();
                if (!spool.IsEmpty)
                {
                    continue;
                }

                // New publishes wait in memory from here on; spools queued before the switch are written and replayed
                // before the held publishes.
                spool.BeginDraining();
                await spool.FlushWritesAsync();
                if (!spool.IsEmpty)
                {
                    continue;
                }

                while (true)
                {
                    var taken = new List<QueuedPublish>();
                    if (spool.TakeHeld(BatchSize, taken))
                    {
                        return (replayed, true);
                    }

                    if (taken.Count == 0)
                    {
                        break;
                    }

                    unsent = taken;
                    var sent = await SendHeldAsync(taken, cancellationToken);
                    unsent = [];
                    if (sent < taken.Count)
                    {
                        spool.ResumeSpooling(taken[sent..]);
                        return (replayed, false);
                    }
                }
            }
        }
        catch
        {
            // Stopping: publishes being sent go to disk with the rest rather than leave their callers waiting.
            spool.ResumeSpooling(unsent);
            throw;
        }
    }

    /// <summary>Replays the files until they are empty (done) or an attempt fails (not done); returns how many went out.</summary>
    private async Task<(int Replayed, bool Done)> ReplayFilesAsync(CancellationToken cancellationToken)
    {
        var replayed = 0;
        while (true)
        {
            IReadOnlyList<OutboxRecord> batch;
            try
            {
                batch = spool.PeekBatch(BatchSize);
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                // A record that cannot be read now (a disk error) is retried like a failed send: the loop never dies.
                Log.OutboxReadFailed(logger, spool.Directory, spool.Count, _options.OutboxRetryInterval, e);
                return (replayed, false);
            }

            if (batch.Count == 0)
            {
                return (replayed, true);
            }

            for (var start = 0; start < batch.Count;)
            {
                // A run of consecutive events to one stream goes as one pipelined batch; runs go one after the
                // other, so the outbox's global order is kept.
                var streamKey = batch[start].StreamKey;
                var end = EndOfRun(batch, start, static r => r.StreamKey);

                var entries = new IReadOnlyList<StreamField>[end - start];
                for (var i = 0; i < entries.Length; i++)
                {
                    entries[i] = batch[start + i].Fields;
                }

                try
                {
                    await AppendAsync(streamKey, entries, cancellationToken);
                    spool.RemoveFirst(entries.Length);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    if (transport.IsUnavailable(e))
                    {
                        Log.OutboxReplayWaiting(logger, spool.Depth, _options.OutboxRetryInterval, e);
                    }
                    else
                    {
                        // Not dropped: the events stay first in line, and a full outbox makes publishers throw.
                        Log.OutboxReplayFailed(logger, streamKey, spool.Depth, _options.OutboxRetryInterval, e);
                    }

                    return (replayed, false);
                }

                // Redis took events: new publishes stop going to disk and wait in memory behind the outbox's tail.
                spool.BeginDraining();
                replayed += entries.Length;
                start = end;
            }
        }
    }

    /// <summary>
    /// Sends held publishes in order, each run to one stream as one pipelined batch, and completes their callers.
    /// Returns how many were answered: fewer than all when Redis became unreachable (or the host stops).
    /// </summary>
    private async Task<int> SendHeldAsync(List<QueuedPublish> held, CancellationToken cancellationToken)
    {
        for (var start = 0; start < held.Count;)
        {
            var streamKey = held[start].StreamKey;
            var end = EndOfRun(held, start, static p => p.StreamKey);

            var entries = new List<IReadOnlyList<StreamField>>();
            for (var i = start; i < end; i++)
            {
                entries.AddRange(held[i].Entries);
            }

            RedisStreamId[] ids;
            try
            {
                ids = await AppendAsync(streamKey, entries, cancellationToken);
            }
            catch (Exception e) when (transport.IsUnavailable(e) || cancellationToken.IsCancellationRequested)
            {
                Log.OutboxReplayWaiting(logger, spool.Depth, _options.OutboxRetryInterval, e);
                return start;
            }
            catch (Exception e)
            {
                // Redis refused them (an error reply, not an outage): their callers hear it, as from a direct publish.
                for (var i = start; i < end; i++)
                {
                    spool.Failed(held[i], e);
                }

                start = end;
                continue;
            }

            var at = 0;
            for (var i = start; i < end; i++)
            {
                var count = held[i].Entries.Length;
                spool.Sent(held[i], ids[at..(at + count)]);
                at += count;
            }

            start = end;
        }

        return held.Count;
    }

    /// <summary>
    /// The end (exclusive) of the run of consecutive <paramref name="items"/> from <paramref name="start"/> to one
    /// stream: such a run goes as one pipelined batch, and runs go one after the other, so the order is kept.
    /// </summary>
    private static int EndOfRun<T>(IReadOnlyList<T> items, int start, Func<T, string> streamKey)
    {
        var key = streamKey(items[start]);
        var end = start + 1;
        while (end < items.Count && streamKey(items[end]) == key)
        {
            end++;
        }

        return end;
    }
}
