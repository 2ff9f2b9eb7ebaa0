using Fleet.Contracts;
using Fleet.Events;
using Fleet.Redis;
using NUlid;

namespace Fleet.DeadLetterReaper.DeadLetters;

/// <summary>
/// Publishes decisions on system.events and then deletes them from their stream's decision log. The move (or a dead
/// consumer's removal) and the log entry are one script; the publish cannot join it (system.events is another hash tag), so a reaper that dies between
/// the two leaves the entry in the log and <see cref="DrainAsync"/> (at the next start, or in another replica once the
/// entry is old) publishes it. The event may then go out twice, never not at all; both carry the same
/// <c>DeadLetterId</c> (<c>RequestId</c> for a purge; stream key, group and consumer for a removal) for consumers to drop
/// the second.
/// </summary>
internal sealed class DecisionLog(RedisClient redis, ReaperKeys keys, IEventPublisher publisher, ILogger<DecisionLog> logger)
{
    private const int Page = 100;

    /// <summary>Publishes <paramref name="decision"/>'s event, then deletes its log entry.</summary>
    public async ValueTask PublishAsync(Decision decision, CancellationToken cancellationToken)
    {
        try
        {
            await AnnounceAsync(decision, cancellationToken);
        }
        catch (EventValidationException e)
        {
            // A log entry the contract refuses (written by hand, or by a newer reaper) would otherwise stop every later
            // decision of this stream from being announced: it is logged and dropped, the move itself stands.
            Log.DecisionUnpublishable(logger, e, decision.Stream, decision.LogId.ToString(), decision.Kind, decision.DeadLetterId);
        }

        await redis.XDelAsync(keys.Decisions(decision.Stream), decision.LogId, cancellationToken);
    }

    private async ValueTask AnnounceAsync(Decision decision, CancellationToken cancellationToken)
    {
        var options = Ulid.TryParse(decision.RequestId, out var request) ? new PublishOptions { CausationId = request } : null;
        switch (decision.Kind)
        {
            case Decision.Redriven:
                await publisher.PublishAsync(FleetStreams.System, new DeadLetterRedriven(
                    decision.Stream, decision.From, decision.DeadLetterId, decision.OriginalEntryId, decision.EntryId, decision.EventId, decision.EventType,
                    decision.Group, decision.ErrorType, Math.Max(1, decision.Redrives), decision.RequestId), options, cancellationToken);
                break;
            case Decision.Parked:
                await publisher.PublishAsync(FleetStreams.System, new DeadLetterParked(
                    decision.Stream, decision.DeadLetterId, decision.EntryId, decision.OriginalEntryId, decision.EventId, decision.EventType,
                    decision.Group, decision.ErrorType, decision.ErrorMessage, decision.Redrives, decision.Reason), options, cancellationToken);
                break;
            case Decision.Purged when decision.RequestId is not null:
                await publisher.PublishAsync(FleetStreams.System, new DeadLetterPurged(
                    decision.Stream, decision.RequestId, decision.EntryIds.Count, decision.EntryIds), options, cancellationToken);
                break;
            case Decision.ConsumerRemoved:
                await publisher.PublishAsync(FleetStreams.System, new ConsumerRemoved(
                    decision.Stream, decision.StreamKey, decision.Group, decision.Consumer, decision.IdleMilliseconds), options, cancellationToken);
                break;
            default:
                // Only the scripts write the log; an entry of another shape was written by hand and announces nothing.
                Log.DecisionUnreadable(logger, decision.Stream, decision.LogId.ToString(), decision.Kind);
                break;
        }
    }

    /// <summary>
    /// Publishes the decisions logged on <paramref name="stream"/> that no live reaper will publish: those logged before
    /// <paramref name="before"/> (a log id: younger ones may still be published by the reaper that made them), and
    /// those made under <paramref name="maker"/>, this process's instance name (a dead predecessor's: one live process
    /// holds a name). Returns how many.
    /// </summary>
    public async ValueTask<int> DrainAsync(string stream, RedisStreamId before, string? maker, CancellationToken cancellationToken)
    {
        var key = keys.Decisions(stream);
        var published = 0;
        var start = "-";
        while (true)
        {
            var entries = await redis.XRangeAsync(key, start, "+", Page, cancellationToken);
            foreach (var entry in entries)
            {
                var decision = Decision.Read(stream, entry);
                if (entry.Id < before || (maker is not null && decision.Maker == maker))
                {
                    await PublishAsync(decision, cancellationToken);
                    Log.DecisionRecovered(logger, stream, decision.Kind, decision.DeadLetterId, entry.Id.ToString());
                    published++;
                }
            }

            if (entries.Count < Page)
            {
                return published;
            }

            start = "(" + entries[^1].Id.ToString();
        }
    }
}
