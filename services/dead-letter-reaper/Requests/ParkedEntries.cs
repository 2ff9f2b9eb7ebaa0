using Fleet.Contracts;
using Fleet.DeadLetterReaper.DeadLetters;
using Fleet.Events;
using Fleet.Redis;
using Microsoft.Extensions.Options;

namespace Fleet.DeadLetterReaper.Requests;

/// <summary>Finds the parked entries an operator's <see cref="ParkedEntrySelection"/> means.</summary>
internal sealed class ParkedEntries(RedisClient redis, ReaperKeys keys, IOptions<ReaperOptions> options)
{
    private const int Page = 500;

    /// <summary>
    /// The entries of the selection, oldest first, at most its limit: those of its ids that are parked, or else those
    /// that match its error type and event type. Throws <see cref="PermanentEventException"/> for a stream the reaper does
    /// not watch (a typo would otherwise look like "nothing parked").
    /// </summary>
    public async Task<IReadOnlyList<DeadLetter>> SelectAsync(ParkedEntrySelection selection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selection);
        if (!options.Value.WatchedStreams.Contains(selection.Stream, StringComparer.Ordinal))
        {
            throw new PermanentEventException(
                $"Stream '{selection.Stream}' is not watched by dead-letter-reaper (Reaper:Streams: {string.Join(", ", options.Value.WatchedStreams)}).");
        }

        var key = keys.Parked(selection.Stream);
        if (selection.EntryIds is { Count: > 0 } ids)
        {
            var found = await Task.WhenAll(ids.Distinct(StringComparer.Ordinal).Take(selection.Limit)
                .Select(async id => await redis.XRangeAsync(key, id, id, 1, cancellationToken)));
            return [.. found.SelectMany(entries => entries).OrderBy(entry => entry.Id).Select(entry => DeadLetter.Read(selection.Stream, entry))];
        }

        var selected = new List<DeadLetter>();
        var start = "-";
        while (selected.Count < selection.Limit)
        {
            var page = await redis.XRangeAsync(key, start, "+", Page, cancellationToken);
            foreach (var entry in page)
            {
                var letter = DeadLetter.Read(selection.Stream, entry);
                if ((selection.ErrorType is null || selection.ErrorType == letter.ErrorType)
                    && (selection.EventType is null || selection.EventType == letter.EventType)
                    && selected.Count < selection.Limit)
                {
                    selected.Add(letter);
                }
            }

            if (page.Count < Page)
            {
                break;
            }

            start = "(" + page[^1].Id.ToString();
        }

        return selected;
    }
}
