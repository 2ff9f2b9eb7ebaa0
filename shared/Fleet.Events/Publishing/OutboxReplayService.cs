using Fleet.Events.Outbox;
using Fleet.Events.Transport;
using Fleet.Redis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Events.Publishing;

/// <summary>
/// Replays the publish outbox (DESIGN.md section 6) in order once Redis is reachable: the oldest events first, each
/// run of events to one stream as one pipelined XADD batch, removed from the outbox only after Redis accepted them.
/// While Redis is still down it retries every <see cref="FleetEventsOptions.OutboxRetryInterval"/>; a spool wakes
/// it at once. On stop, events not yet replayed stay on disk, and the next start replays them (the outbox directory
/// is opened at start when it holds segment files from an earlier run).
/// </summary>
/// <remarks>
/// Delivery is at-least-once: an event whose XADD reached Redis just before the connection died, or before the
/// process stopped between the XADD and the outbox's checkpoint, is added again by the replay. Consumers that
/// must not see a duplicate use the idempotency guard (event ids are kept, so a duplicate has the same id).
/// </remarks>
internal sealed class OutboxReplayService(
    IEventTransport transport,
    OutboxSpool spool,
    IOptions<FleetEventsOptions> options,
    TimeProvider time,
    ILogger<OutboxReplayService> logger) : BackgroundService
{
    private const int BatchSize = 256;

    private readonly FleetEventsOptions _options = options.Value;

    /// <inheritdoc/>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the services registered after this one start publishing: events of an earlier run go first.
        OpenLeftOver();
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var replayed = 0;
            while (!stoppingToken.IsCancellationRequested)
            {
                if (spool.IsEmpty)
                {
                    // The outage is over: the next spool logs its warning again.
                    spool.EndOutage();
                    if (replayed > 0)
                    {
                        Log.OutboxReplayed(logger, replayed, spool.Directory);
                        replayed = 0;
                    }

                    if (!await spool.WaitForSpoolAsync(stoppingToken))
                    {
                        return;
                    }

                    continue;
                }

                var (count, done) = await ReplayAsync(stoppingToken);
                replayed += count;
                if (!done)
                {
                    await Task.Delay(_options.OutboxRetryInterval, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: whatever is left stays in the outbox for the next run.
        }
    }

    private void OpenLeftOver()
    {
        try
        {
            var count = spool.OpenLeftOver();
            if (count > 0)
            {
                Log.OutboxRecovered(logger, count, spool.Directory);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            if (_options.WhenUnavailable == PublishFailureMode.Outbox)
            {
                // The outbox is this process's safety net; starting without it would turn an outage into lost events.
                throw new FleetEventsException($"Fleet:Events:Outbox:Directory '{spool.Directory}' cannot be used as the publish outbox: {e.Message}", e);
            }

            Log.OutboxOpenFailed(logger, spool.Directory, e);
        }
    }

    /// <summary>Replays until the outbox is empty (done) or an attempt fails (not done); returns how many went out.</summary>
    private async Task<(int Replayed, bool Done)> ReplayAsync(CancellationToken cancellationToken)
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
                var end = start + 1;
                while (end < batch.Count && batch[end].StreamKey == streamKey)
                {
                    end++;
                }

                try
                {
                    await AppendAsync(streamKey, batch, start, end - start, cancellationToken);
                    spool.RemoveFirst(end - start);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    if (transport.IsUnavailable(e))
                    {
                        Log.OutboxReplayWaiting(logger, spool.Count, _options.OutboxRetryInterval, e);
                    }
                    else
                    {
                        // Not dropped: the events stay first in line, and a full outbox makes publishers throw.
                        Log.OutboxReplayFailed(logger, streamKey, spool.Count, _options.OutboxRetryInterval, e);
                    }

                    return (replayed, false);
                }

                replayed += end - start;
                start = end;
            }
        }
    }

    private async Task AppendAsync(string streamKey, IReadOnlyList<OutboxRecord> batch, int start, int count, CancellationToken cancellationToken)
    {
        var trim = TrimFor(streamKey);
        if (count == 1)
        {
            await transport.AppendAsync(streamKey, batch[start].Fields, trim, cancellationToken);
            return;
        }

        var entries = new IReadOnlyList<StreamField>[count];
        for (var i = 0; i < count; i++)
        {
            entries[i] = batch[start + i].Fields;
        }

        await transport.AppendBatchAsync(streamKey, entries, trim, cancellationToken);
    }

    /// <summary>The retention of the stream behind <paramref name="streamKey"/>, applied as at publish.</summary>
    private StreamTrim TrimFor(string streamKey) =>
        _options.RetentionFor(StreamKeys.NameOf(streamKey)).ToTrim(time.GetUtcNow());
}
