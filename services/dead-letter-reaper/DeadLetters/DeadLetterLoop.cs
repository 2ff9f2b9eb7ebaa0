using Fleet.Events;
using Fleet.Redis;
using Microsoft.Extensions.Options;

namespace Fleet.DeadLetterReaper.DeadLetters;

/// <summary>
/// Reads every watched stream's <c>:dlq</c> in one XREADGROUP (group <c>dead-letter-reaper</c>, consumer = this
/// instance's name) and decides each dead letter by <see cref="DeadLetterPolicy"/>. Dead letters are not trusted
/// envelopes, so this is a raw loop over the client, not the typed handler runtime. A dead letter waiting for its
/// cool-down stays pending in the group (so a crash loses nothing) and in memory, ordered by due time; the read blocks no
/// longer than the next due time, so waiting costs no busy loop. At start the loop takes back its own pending entries
/// (a restart under the same name) and publishes decisions a predecessor logged but did not announce; every
/// <see cref="MaintenanceInterval"/> it claims dead letters another replica has held too long (it died) and publishes
/// decisions left in the logs.
/// </summary>
internal sealed class DeadLetterLoop(
    RedisClient redis,
    ReaperKeys keys,
    DeadLetterPolicy policy,
    DeadLetterMover mover,
    DecisionLog decisions,
    DeadLetterLoopHealth health,
    IOptions<ReaperOptions> options,
    IOptions<FleetEventsOptions> events,
    [FromKeyedServices(ReaperClock.Key)] TimeProvider time,
    ILogger<DeadLetterLoop> logger) : BackgroundService
{
    private const int BatchSize = 100;

    /// <summary>How often stale dead letters are claimed and the decision logs drained.</summary>
    internal static readonly TimeSpan MaintenanceInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A replica holds a waiting dead letter about as long as the cool-down, so one idle longer than the cool-down and
    /// this margin belongs to a replica that died; a decision logged longer ago than this was not published by its maker.
    /// </summary>
    internal static readonly TimeSpan StaleMargin = TimeSpan.FromMinutes(1);

    private readonly PriorityQueue<DeadLetter, DateTimeOffset> _waiting = new();
    private readonly HashSet<(string Stream, RedisStreamId Id)> _held = [];
    private readonly string _consumer = events.Value.InstanceName;
    private readonly IReadOnlyList<string> _streams = options.Value.WatchedStreams;

    private long _turns;
    private DateTimeOffset _nextHeartbeat = DateTimeOffset.MinValue;

    /// <summary>Completed reads of the dead letters (each after handling the due ones), for tests and diagnostics to wait on.</summary>
    public long Turns => Interlocked.Read(ref _turns);

    /// <summary>Dead letters waiting for their cool-down in this replica.</summary>
    public int Waiting { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        var started = false;
        var nextMaintenance = DateTimeOffset.MinValue;
        var positions = _streams.Select(stream => new StreamPosition(keys.DeadLetters(stream), StreamPosition.Undelivered)).ToArray();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!started)
                {
                    await StartReadingAsync(stoppingToken);
                    started = true;
                }

                await HandleDueAsync(stoppingToken);
                await MarkAliveAsync(stoppingToken);
                if (time.GetUtcNow() >= nextMaintenance)
                {
                    await MaintainAsync(stoppingToken);
                    nextMaintenance = time.GetUtcNow() + MaintenanceInterval;
                }

                var read = await redis.XReadGroupAsync(ReaperKeys.Group, _consumer, positions, BatchSize, NextBlock(), cancellationToken: stoppingToken);
                health.MarkRead();
                failures = 0;
                foreach (var result in read)
                {
                    await HandleAsync(StreamKeys.NameOf(result.Key), result.Entries, stoppingToken);
                }

                Waiting = _waiting.Count;
                Interlocked.Increment(ref _turns);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // Redis unreachable, or a group gone (NOGROUP after a FLUSHALL): start over once it answers, with the
                // groups created again and this consumer's pending entries read again (the waiting ones are kept).
                failures++;
                started = false;
                health.MarkFailing(e);
                Log.LoopFailed(logger, e, failures);
                await BackoffAsync(failures, stoppingToken);
            }
        }
    }

    /// <summary>
    /// Creates the groups (from 0: dead letters written before the first start are handled too), publishes the logged
    /// decisions of a predecessor under this name (and stale ones of any reaper), and handles this consumer's own
    /// pending dead letters.
    /// </summary>
    private async Task StartReadingAsync(CancellationToken cancellationToken)
    {
        foreach (var stream in _streams)
        {
            await redis.XGroupCreateIfMissingAsync(keys.DeadLetters(stream), ReaperKeys.Group, StreamPosition.Beginning, makeStream: true, cancellationToken: cancellationToken);
        }

        foreach (var stream in _streams)
        {
            await decisions.DrainAsync(stream, StaleBefore(), _consumer, cancellationToken);
            var after = RedisStreamId.Zero;
            while (true)
            {
                var pending = await redis.XReadGroupAsync(ReaperKeys.Group, _consumer, keys.DeadLetters(stream), after.ToString(), BatchSize, cancellationToken: cancellationToken);
                if (pending.Count == 0)
                {
                    break;
                }

                await HandleAsync(stream, pending, cancellationToken);
                after = pending[^1].Id;
            }
        }
    }

    /// <summary>
    /// Renews this consumer's live-instance key on every watched <c>:dlq</c> each <c>Fleet:Events:InstanceHeartbeat</c>, as
    /// the runtime's consumers do, so no reaper's dead-consumer sweep removes a live reaper whose reads found nothing for
    /// longer than the idle threshold (Redis 7.0 does not refresh a consumer's idle time on an empty blocking read). The
    /// key outlives a renewal by the lease time plus one blocking read, the longest a turn of this loop waits.
    /// </summary>
    private async Task MarkAliveAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now < _nextHeartbeat)
        {
            return;
        }

        var lease = events.Value.InstanceLeaseTime + options.Value.ReadBlock;
        foreach (var stream in _streams)
        {
            await redis.SetAsync(StreamKeys.Instance(keys.DeadLetters(stream), ReaperKeys.Group, _consumer), _consumer, lease, cancellationToken: cancellationToken);
        }

        _nextHeartbeat = now + events.Value.InstanceHeartbeat;
    }

    /// <summary>Claims dead letters a dead replica held, and publishes decisions logged long ago and not announced.</summary>
    private async Task MaintainAsync(CancellationToken cancellationToken)
    {
        var minIdle = options.Value.Redrive.Cooldown + StaleMargin;
        foreach (var stream in _streams)
        {
            var start = RedisStreamId.Zero;
            do
            {
                var claimed = await redis.XAutoClaimAsync(keys.DeadLetters(stream), ReaperKeys.Group, _consumer, minIdle, start, BatchSize, cancellationToken);
                if (claimed.Entries.Count > 0)
                {
                    Log.Claimed(logger, claimed.Entries.Count, stream);
                    await HandleAsync(stream, claimed.Entries, cancellationToken);
                }

                start = claimed.NextStart;
            }
            while (start != RedisStreamId.Zero);

            await decisions.DrainAsync(stream, StaleBefore(), maker: null, cancellationToken);
        }
    }

    /// <summary>Decides a batch (in parallel: each decision is its own script), keeping those whose cool-down runs.</summary>
    private async Task HandleAsync(string stream, IReadOnlyList<StreamEntry> entries, CancellationToken cancellationToken)
    {
        var fresh = entries.Where(entry => !_held.Contains((stream, entry.Id))).ToArray();
        var now = time.GetUtcNow();
        var waits = await Task.WhenAll(fresh.Select(entry => HandleAsync(stream, entry, now, cancellationToken)));
        foreach (var wait in waits)
        {
            if (wait is var (letter, dueAt))
            {
                _held.Add((letter.Stream, letter.Id));
                if (dueAt != DateTimeOffset.MaxValue)
                {
                    _waiting.Enqueue(letter, dueAt);
                }
            }
        }
    }

    /// <summary>
    /// Decides one dead letter now, or returns it with its due time when its re-drive is not due yet
    /// (<see cref="DateTimeOffset.MaxValue"/>: never in this process, its script was refused).
    /// </summary>
    private async Task<(DeadLetter Letter, DateTimeOffset DueAt)?> HandleAsync(string stream, StreamEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (entry.IsDeleted)
        {
            // Trimmed or deleted from :dlq while pending: nothing is left to re-drive or park.
            await redis.XAckAsync(keys.DeadLetters(stream), ReaperKeys.Group, entry.Id, cancellationToken);
            Log.DeadLetterGone(logger, stream, entry.Id.ToString());
            return null;
        }

        var letter = DeadLetter.Read(stream, entry);
        if (entry.Fields.Count > ReaperFields.MaxMovableFields)
        {
            // Hostile or broken input: no script can copy it field for field, so it is parked packed whatever its policy.
            await AnnounceAsync(await mover.ParkPackedAsync(letter, cancellationToken), cancellationToken);
            return null;
        }

        var verdict = policy.Decide(letter, now);
        if (verdict.Redrive && verdict.DueAt > now)
        {
            return (letter, verdict.DueAt);
        }

        Decision? decision;
        try
        {
            decision = verdict.Redrive
                ? await mover.RedriveAsync(letter, fromParked: false, requestId: null, cancellationToken)
                : await mover.ParkAsync(letter, verdict.Reason, cancellationToken);
        }
        catch (RedisServerException e)
        {
            // The script refused this entry (a server whose Lua limits are lower than ReaperFields.MaxMovableFields assumes):
            // it stays pending, is not tried again by this process, and does not stop the others from being decided.
            Log.DecisionRefused(logger, e, stream, entry.Id.ToString(), entry.Fields.Count);
            return (letter, DateTimeOffset.MaxValue);
        }

        await AnnounceAsync(decision, cancellationToken);
        return null;
    }

    /// <summary>Re-drives the waiting dead letters whose cool-down has run out.</summary>
    private async Task HandleDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = new List<DeadLetter>();
        while (_waiting.TryPeek(out var letter, out var dueAt) && dueAt <= now)
        {
            due.Add(_waiting.Dequeue());
            _held.Remove((letter.Stream, letter.Id));
        }

        if (due.Count == 0)
        {
            return;
        }

        // A failure here throws to the loop: those not re-driven are still pending in the group, and the restart after
        // the failure reads them again.
        await Task.WhenAll(due.Select(async letter =>
            await AnnounceAsync(await mover.RedriveAsync(letter, fromParked: false, requestId: null, cancellationToken), cancellationToken)));
    }

    private async Task AnnounceAsync(Decision? decision, CancellationToken cancellationToken)
    {
        if (decision is null)
        {
            return;
        }

        ReaperMetrics.Decided(decision);
        if (decision.Kind == Decision.Redriven)
        {
            Log.Redriven(logger, decision.Stream, decision.DeadLetterId, decision.ErrorType, decision.Group, decision.EntryId, decision.Redrives);
        }
        else
        {
            Log.Parked(logger, decision.Stream, decision.DeadLetterId, decision.ErrorType, decision.Group, decision.EntryId, decision.Reason);
        }

        await decisions.PublishAsync(decision, cancellationToken);
    }

    /// <summary>The log id before which a logged decision is stale: made longer than <see cref="StaleMargin"/> ago.</summary>
    private RedisStreamId StaleBefore() => new((ulong)Math.Max(0, (time.GetUtcNow() - StaleMargin).ToUnixTimeMilliseconds()), 0);

    /// <summary>The read's block: the configured one, or less when a waiting dead letter is due sooner (at least 1 ms: 0 would block forever).</summary>
    private TimeSpan NextBlock()
    {
        var block = options.Value.ReadBlock;
        if (_waiting.TryPeek(out _, out var dueAt))
        {
            var untilDue = dueAt - time.GetUtcNow();
            block = untilDue < block ? untilDue : block;
        }

        return block < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : block;
    }

    /// <summary>
    /// The wait before reading again after the <paramref name="failures"/>-th failure in a row: <see cref="RetryBackoff"/>,
    /// as the consumer runtime waits. Real time on purpose: it paces calls to Redis, not the policy.
    /// </summary>
    private static async Task BackoffAsync(int failures, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(RetryBackoff.Delay(failures), TimeProvider.System, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop ends at its next check.
        }
    }
}
