using Fleet.Events;
using Fleet.Redis;
using Microsoft.Extensions.Options;

namespace Fleet.DeadLetterReaper.DeadLetters;

/// <summary>
/// Runs the reaper's decisions as scripts (<see cref="ReaperScripts"/>): a re-drive to the source stream or a park, from
/// <c>:dlq</c> or <c>:parked</c>, and a purge of <c>:parked</c>. Each returns the logged decision, or null when the entry
/// was decided already (by another reaper, or by this one before a crash).
/// </summary>
internal sealed class DeadLetterMover(RedisClient redis, ReaperKeys keys, IOptions<FleetEventsOptions> events, [FromKeyedServices(ReaperClock.Key)] TimeProvider time, ILogger<DeadLetterMover> logger)
{
    private string Maker => events.Value.InstanceName;

    /// <summary>Re-drives <paramref name="letter"/> to its source stream, with its re-drive count raised by one.</summary>
    public ValueTask<Decision?> RedriveAsync(DeadLetter letter, bool fromParked, string? requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var decision = Decision.About(letter, Decision.Redriven, fromParked ? Decision.Parked : "dlq", letter.Redrives + 1, requestId: requestId) with { Maker = Maker };
        var retention = events.Value.RetentionFor(letter.Stream);
        var from = fromParked ? keys.Parked(letter.Stream) : keys.DeadLetters(letter.Stream);
        return MoveAsync(letter, from, keys.Stream(letter.Stream), fromParked ? string.Empty : ReaperKeys.Group, redrive: true, [], retention, decision, cancellationToken);
    }

    /// <summary>Parks <paramref name="letter"/> (from <c>:dlq</c>) with <paramref name="reason"/>.</summary>
    public ValueTask<Decision?> ParkAsync(DeadLetter letter, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var decision = Decision.About(letter, Decision.Parked, "dlq", letter.Redrives, reason) with { Maker = Maker };
        RedisValue[] parking = [ReaperFields.ParkedReason, reason, ReaperFields.ParkedAt, EnvelopeCodec.FormatTimestamp(time.GetUtcNow())];
        return MoveAsync(letter, keys.DeadLetters(letter.Stream), keys.Parked(letter.Stream), ReaperKeys.Group, redrive: false, parking, events.Value.DeadLetterRetention, decision, cancellationToken);
    }

    /// <summary>
    /// Parks <paramref name="letter"/> (from <c>:dlq</c>) packed, as <see cref="ReaperFields.OversizedReason"/>: it has more
    /// fields than <see cref="ReaperScripts.Move"/> can copy one by one.
    /// </summary>
    public async ValueTask<Decision?> ParkPackedAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var decision = Decision.About(letter, Decision.Parked, "dlq", letter.Redrives, ReaperFields.OversizedReason) with { Maker = Maker };
        var arguments = new List<RedisValue>(40)
        {
            ReaperKeys.Group, letter.Id.ToString(), 2,
            ReaperFields.ParkedReason, ReaperFields.OversizedReason, ReaperFields.ParkedAt, EnvelopeCodec.FormatTimestamp(time.GetUtcNow()),
        };
        decision.AppendFields(arguments);
        var result = await redis.EvaluateAsync(ReaperScripts.ParkPacked, [keys.DeadLetters(letter.Stream), keys.Parked(letter.Stream), keys.Decisions(letter.Stream)], arguments, cancellationToken);
        return Moved(letter, decision, result);
    }

    /// <summary>Deletes the parked entries <paramref name="ids"/> of <paramref name="stream"/> that are still there.</summary>
    public async ValueTask<Decision> PurgeAsync(string stream, IReadOnlyList<RedisStreamId> ids, string requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var decision = new Decision { Kind = Decision.Purged, Stream = stream, RequestId = requestId, Maker = Maker };
        var arguments = new List<RedisValue>(1 + ids.Count + 24) { ids.Count };
        arguments.AddRange(ids.Select(id => (RedisValue)id.ToString()));
        decision.AppendFields(arguments);
        var result = await redis.EvaluateAsync(ReaperScripts.Purge, [keys.Parked(stream), keys.Decisions(stream)], arguments, cancellationToken);
        return decision with
        {
            LogId = RedisStreamId.Parse(result[0].Value.ToString()),
            EntryIds = [.. result.Elements.Skip(1).Select(element => element.Value.ToString())],
        };
    }

    private async ValueTask<Decision?> MoveAsync(
        DeadLetter letter, string from, string to, string group, bool redrive, RedisValue[] extra, StreamRetention retention, Decision decision, CancellationToken cancellationToken)
    {
        var arguments = new List<RedisValue>(32) { group, letter.Id.ToString(), redrive ? "1" : "0", decision.Redrives, extra.Length / 2 };
        arguments.AddRange(extra);
        AppendTrim(arguments, retention);
        decision.AppendFields(arguments);
        var result = await redis.EvaluateAsync(ReaperScripts.Move, [from, to, keys.Decisions(letter.Stream)], arguments, cancellationToken);
        return Moved(letter, decision, result);
    }

    /// <summary>The decision a move script's <paramref name="result"/> made, or null when it made none.</summary>
    private Decision? Moved(DeadLetter letter, Decision decision, RedisResult result)
    {
        switch (result[0].ToInt64())
        {
            case 1:
                return decision with { EntryId = result[1].Value.ToString(), LogId = RedisStreamId.Parse(result[2].Value.ToString()) };
            case -1:
                Log.DeadLetterGone(logger, letter.Stream, letter.Id.ToString());
                return null;
            default:
                return null;
        }
    }

    /// <summary>The XADD trim words of <paramref name="retention"/> as the script takes them: a count, then the words.</summary>
    private void AppendTrim(List<RedisValue> arguments, StreamRetention retention)
    {
        if (retention.MaxLengthValue > 0)
        {
            arguments.AddRange([3, "MAXLEN", "~", retention.MaxLengthValue]);
        }
        else
        {
            var cutoff = Math.Max(0, (time.GetUtcNow() - retention.MaxAgeValue).ToUnixTimeMilliseconds());
            arguments.AddRange([3, "MINID", "~", new RedisStreamId((ulong)cutoff, 0).ToString()]);
        }
    }
}
