using Fleet.Contracts;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.EventGateway.Api.DeadLetters;

/// <summary>
/// Lists and shows entries of the streams' <c>:dlq</c> and <c>:parked</c> (XREVRANGE with an exclusive start, newest first;
/// XRANGE of one id). The cursor is <c>{stream}/{entry id}</c> of the last entry returned.
/// </summary>
internal sealed class DeadLetterReader(RedisClient redis, StreamKeys keys)
{
    public const string Dlq = "dlq";
    public const string Parked = "parked";

    public string Key(string stream, string kind) => kind == Parked ? keys.Parked(stream) : keys.DeadLetters(stream);

    public async Task<DeadLetterPage> ListAsync(IReadOnlyList<string> streams, string kind, int limit, (int Stream, string EntryId)? cursor, CancellationToken cancellationToken)
    {
        var entries = new List<DeadLetterEntry>(limit);
        var first = cursor?.Stream ?? 0;
        for (var i = first; i < streams.Count && entries.Count < limit; i++)
        {
            var end = i == first && cursor is { } at ? "(" + at.EntryId : "+";
            var page = await redis.XRevRangeAsync(Key(streams[i], kind), end, "-", limit - entries.Count, cancellationToken);
            entries.AddRange(page.Select(entry => Read(streams[i], kind, entry)));
        }

        // A full page may be the last; the next then comes back empty. Cheaper than probing every later stream.
        var next = entries.Count == limit ? $"{entries[^1].Stream}/{entries[^1].EntryId}" : null;
        return new DeadLetterPage(entries, next);
    }

    public async Task<DeadLetterEntry?> FindAsync(string stream, string kind, string entryId, CancellationToken cancellationToken)
    {
        var found = await redis.XRangeAsync(Key(stream, kind), entryId, entryId, 1, cancellationToken);
        return found.Count == 0 ? null : Read(stream, kind, found[0]);
    }

    // Fleet.Events' reader, as the reaper and fleetctl read dead letters; the answer's shape is the gateway's.
    private static DeadLetterEntry Read(string stream, string kind, StreamEntry entry)
    {
        var letter = DeadLetterRecord.Read(stream, entry);
        return new DeadLetterEntry(
            stream, kind, entry.Id.ToString(), letter.EventId, letter.EventType, letter.ErrorType, letter.ErrorMessage, letter.Group, letter.FailedAt,
            letter.Redrives, letter.FieldTexts());
    }

    /// <summary>The streams a listing covers: the one asked for, or every fleet stream.</summary>
    public static IReadOnlyList<string> StreamsOf(string? stream) => stream is null ? FleetStreams.All : [stream];
}
