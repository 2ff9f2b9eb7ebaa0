using Fleet.Events;
using Fleet.Redis;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.EventGateway.Archive;

/// <summary>
/// Copies every archived key (<see cref="ArchiveSelection.Sources"/>: the streams, their <c>:dlq</c> and <c>:parked</c>)
/// into PostgreSQL as consumer <c>Fleet:Events:InstanceName</c> of group <see cref="Group"/>: one XREADGROUP over all the
/// keys, the batch written in one transaction (<see cref="ArchiveWriter"/>; two writers in turn, so one batch is prepared
/// while the one before is stored), then XACK. Entries are not trusted envelopes,
/// so this is a raw loop over the client like dead-letter-reaper's, not the typed handler runtime. Nothing is acknowledged
/// before it is written: when PostgreSQL or Redis fails, the loop backs off (<see cref="RetryBackoff"/>), then starts over
/// by creating any missing group (NOGROUP after a Redis restart) and reading its own pending entries again, so it comes
/// back at full speed with nothing lost. Every <see cref="ArchiveOptions.ClaimInterval"/> it claims (XAUTOCLAIM) entries
/// another archiver held longer than <see cref="ArchiveOptions.ClaimIdleTime"/> (it died) and samples the lag.
/// </summary>
internal sealed partial class Archiver(
    RedisClient redis,
    ArchiveSelection selection,
    ArchiveEntryDecoder decoder,
    ArchiveWriter writer,
    NpgsqlDataSource dataSource,
    ArchiveSchema schema,
    ArchiverStatus status,
    IOptions<ArchiveOptions> options,
    IOptions<FleetEventsOptions> events,
    TimeProvider time,
    ILogger<Archiver> logger) : BackgroundService
{
    /// <summary>The consumer group of every archiver.</summary>
    public const string Group = "archiver";

    private readonly string _consumer = events.Value.InstanceName;
    private readonly Dictionary<string, ArchiveSource> _sources = selection.Sources.ToDictionary(source => source.Key, StringComparer.Ordinal);
    private DateTimeOffset _nextHeartbeat = DateTimeOffset.MinValue;

    // The second of the two writers the loop alternates between (the first is the container's): each keeps a connection.
    private readonly ArchiveWriter _otherWriter = new(dataSource);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ArchiverEnabled)
        {
            return;
        }

        try
        {
            await schema.WaitAsync(stoppingToken);
        }
        catch (Exception)
        {
            // Stopping, or the schema failed (which stops the host with its own message): nothing to archive into.
            return;
        }

        var settings = options.Value;
        Log.ArchiverStarted(logger, _consumer, Group, _sources.Count, settings.BatchSize);
        var positions = selection.Sources.Select(source => new StreamPosition(source.Key, StreamPosition.Undelivered)).ToArray();
        var failures = 0;
        var started = false;
        var nextMaintenance = DateTimeOffset.MinValue;
        Task<IReadOnlyList<StreamReadResult>>? next = null;
        Task? writing = null;
        var useOther = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!started)
                {
                    await StartReadingAsync(stoppingToken);
                    started = true;
                }

                await MarkAliveAsync(stoppingToken);
                if (time.GetUtcNow() >= nextMaintenance)
                {
                    // Claims are archived on the first writer: the batch still being written on it finishes first.
                    await AwaitAsync(writing);
                    writing = null;
                    useOther = false;
                    await MaintainAsync(stoppingToken);
                    nextMaintenance = time.GetUtcNow() + settings.ClaimInterval;
                }

                var read = await (next ?? ReadAsync(positions, stoppingToken));
                next = null;
                if (read.Count > 0)
                {
                    // The next batch is read while this one is written, so Redis and PostgreSQL work at the same time. Its
                    // entries are this consumer's pending ones until written: a failure below leaves them to the start-over.
                    next = ReadAsync(positions, stoppingToken);
                }

                // Two batches in flight at most, on two writers (two connections) in turn: this batch is decoded and
                // copied while PostgreSQL still stores the one before, so the archiver uses a second core. Each batch is
                // acknowledged after its own commit; the older one is awaited here, so its failure starts over as ever.
                var older = writing;
                writing = ArchiveAsync([.. read.Select(result => (_sources[result.Key], result.Entries))], useOther ? _otherWriter : writer, stoppingToken);
                useOther = !useOther;
                await AwaitAsync(older);
                status.MarkTurn();
                if (failures > 0)
                {
                    Log.ArchiverResumed(logger, failures);
                    failures = 0;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                await ForgetAsync(next);
                next = null;

                // No write may run during the start-over: it reads this consumer's pending entries again.
                await ForgetAsync(writing);
                writing = null;
                useOther = false;

                // PostgreSQL or Redis unreachable, a group gone (NOGROUP after FLUSHALL or a restart without persistence):
                // nothing of the batch was acknowledged; start over once they answer, groups created again and this
                // consumer's pending entries read again.
                failures++;
                started = false;
                status.MarkFailing(e);
                var delay = RetryBackoff.Delay(failures);
                Log.ArchiverFailed(logger, e, failures, delay.TotalMilliseconds);
                try
                {
                    // Real time on purpose: it paces calls to the servers.
                    await Task.Delay(delay, TimeProvider.System, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        await ForgetAsync(next);
        await ForgetAsync(writing);
        await _otherWriter.DisposeAsync();
    }

    private static Task AwaitAsync(Task? task) => task ?? Task.CompletedTask;

    private Task<IReadOnlyList<StreamReadResult>> ReadAsync(StreamPosition[] positions, CancellationToken cancellationToken) =>
        redis.XReadGroupAsync(Group, _consumer, positions, options.Value.BatchSize, options.Value.ReadBlock, cancellationToken: cancellationToken).AsTask();

    /// <summary>Waits for a read started ahead, whose entries (if any) stay pending for the start-over to read again.</summary>
    private static async Task ForgetAsync(Task? read)
    {
        if (read is null)
        {
            return;
        }

        try
        {
            await read;
        }
        catch (Exception)
        {
            // It failed as the batch did, or was cancelled: nothing was taken from Redis that is not pending.
        }
    }

    /// <summary>
    /// Creates the missing groups (from 0: what was written before the first start is archived too), then archives this
    /// consumer's own pending entries, those it read and did not acknowledge before a failure, a stop or a crash.
    /// </summary>
    private async Task StartReadingAsync(CancellationToken cancellationToken)
    {
        foreach (var source in selection.Sources)
        {
            if (await redis.XGroupCreateIfMissingAsync(source.Key, Group, StreamPosition.Beginning, makeStream: true, cancellationToken: cancellationToken))
            {
                Log.GroupCreated(logger, source.Key, Group);
            }
        }

        var batch = options.Value.BatchSize;
        foreach (var source in selection.Sources)
        {
            var after = RedisStreamId.Zero;
            var recovered = 0;
            while (true)
            {
                var pending = await redis.XReadGroupAsync(Group, _consumer, source.Key, after.ToString(), batch, cancellationToken: cancellationToken);
                if (pending.Count == 0)
                {
                    break;
                }

                await ArchiveAsync([(source, pending)], writer, cancellationToken);
                recovered += pending.Count;
                after = pending[^1].Id;
            }

            if (recovered > 0)
            {
                Log.PendingRecovered(logger, source.Key, recovered);
            }
        }
    }

    /// <summary>
    /// Renews this consumer's live-instance key on every key it reads each <c>Fleet:Events:InstanceHeartbeat</c>, as the
    /// runtime's consumers do, so dead-letter-reaper's sweep never removes a live archiver that found nothing to read.
    /// </summary>
    private async Task MarkAliveAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now < _nextHeartbeat)
        {
            return;
        }

        var lease = events.Value.InstanceLeaseTime + options.Value.ReadBlock;
        await Task.WhenAll(selection.Sources.Select(source =>
            redis.SetAsync(StreamKeys.Instance(source.Key, Group, _consumer), _consumer, lease, cancellationToken: cancellationToken).AsTask()));
        _nextHeartbeat = now + events.Value.InstanceHeartbeat;
    }

    /// <summary>Claims the entries other archivers held too long, and samples each key's lag and pending count.</summary>
    private async Task MaintainAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        foreach (var source in selection.Sources)
        {
            var start = RedisStreamId.Zero;
            var claimed = 0;
            do
            {
                var result = await redis.XAutoClaimAsync(source.Key, Group, _consumer, settings.ClaimIdleTime, start, settings.BatchSize, cancellationToken);
                if (result.Entries.Count > 0)
                {
                    await ArchiveAsync([(source, result.Entries)], writer, cancellationToken);
                    claimed += result.Entries.Count;
                }

                start = result.NextStart;
            }
            while (start != RedisStreamId.Zero);

            if (claimed > 0)
            {
                Log.Claimed(logger, source.Key, claimed);
            }

            foreach (var group in await redis.XInfoGroupsAsync(source.Key, cancellationToken))
            {
                if (group.Name == Group)
                {
                    ArchiveMetrics.Sampled(source.Key, group.Lag ?? 0, group.Pending);
                }
            }
        }
    }
}
