using Fleet.Events.Outbox;
using Fleet.Events.Transport;
using Fleet.Redis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Events.Publishing;

/// <summary>
/// Replays the publish outbox (DESIGN.md section 6) in order once Redis is reachable, then hands publishing back
/// to direct sends (the hand-off of <see cref="OutboxSpool"/>): the oldest events first, each run of events to one
/// stream as one pipelined XADD batch, removed from the outbox only after Redis accepted them; then the publishes
/// held in memory behind the outbox, the same way. While Redis is still down it retries every
/// <see cref="FleetEventsOptions.OutboxRetryInterval"/> (counted from the start of the failed attempt, which
/// already waited for the client's reconnect), at once when the connection is restored, and at once on a spool.
/// On stop, events not yet replayed stay on disk, one Error says how many and where, and the next start replays them
/// (the outbox directory is opened at start when it holds segment files from an earlier run).
/// </summary>
/// <remarks>
/// Delivery is at-least-once: an event whose XADD reached Redis just before the connection died, or before the
/// process stopped between the XADD and the outbox's checkpoint, is added again by the replay. Consumers that
/// must not see a duplicate use the idempotency guard (event ids are kept, so a duplicate has the same id).
/// </remarks>
internal sealed partial class OutboxReplayService(
    IEventTransport transport,
    OutboxSpool spool,
    IOptions<FleetEventsOptions> options,
    TimeProvider time,
    ILogger<OutboxReplayService> logger) : BackgroundService
{
    // Events per pipelined XADD batch: large enough that draining runs many times faster than publishers publish.
    private const int BatchSize = 1024;

    private readonly FleetEventsOptions _options = options.Value;
    private TaskCompletionSource _restored = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc/>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the services registered after this one start publishing: events of an earlier run go first.
        OpenLeftOver();
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // Publishes held in memory behind the outbox go to disk, so their callers hear "spooled" and nothing is lost.
        spool.ResumeSpooling([]);
        await spool.FlushWritesAsync().WaitAsync(cancellationToken);
        var left = spool.Depth;
        if (left > 0)
        {
            Log.OutboxLeftSpooled(logger, left, spool.Directory);
        }
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        transport.Restored += OnRestored;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (spool.IsDirect)
                {
                    if (!await spool.WaitForSpoolAsync(stoppingToken))
                    {
                        return;
                    }

                    continue;
                }

                var started = time.GetTimestamp();
                var restored = Volatile.Read(ref _restored).Task;
                var (replayed, direct) = await DrainAsync(stoppingToken);
                if (direct)
                {
                    Log.OutboxReplayed(logger, replayed, spool.Directory);
                    continue;
                }

                // The failed attempt already waited for the client's reconnect (ReconnectWaitTimeout), so only what is
                // left of the interval is waited; a restored connection ends the wait at once.
                var wait = _options.OutboxRetryInterval - time.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    try
                    {
                        await restored.WaitAsync(wait, time, stoppingToken);
                    }
                    catch (TimeoutException)
                    {
                        // The interval passed: try again.
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: whatever is left stays in the outbox for the next run.
        }
        finally
        {
            transport.Restored -= OnRestored;
        }
    }

    private void OnRestored(object? sender, EventArgs e) =>
        Interlocked.Exchange(ref _restored, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

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

    /// <summary>Sends <paramref name="entries"/> to one stream: one XADD, or one pipelined batch.</summary>
    private async Task<RedisStreamId[]> AppendAsync(string streamKey, IReadOnlyList<IReadOnlyList<StreamField>> entries, CancellationToken cancellationToken)
    {
        var trim = TrimFor(streamKey);
        return entries.Count == 1
            ? [await transport.AppendAsync(streamKey, entries[0], trim, cancellationToken)]
            : await transport.AppendBatchAsync(streamKey, entries, trim, cancellationToken);
    }

    /// <summary>The retention of the stream behind <paramref name="streamKey"/>, applied as at publish.</summary>
    private StreamTrim TrimFor(string streamKey) =>
        _options.RetentionFor(StreamKeys.NameOf(streamKey)).ToTrim(time.GetUtcNow());
}
