using System.Diagnostics;
using Fleet.Redis;
using Npgsql;

namespace Fleet.EventGateway.Archive;

/// <content>One batch: decode, write in one transaction, acknowledge.</content>
internal sealed partial class Archiver
{
    /// <summary>
    /// Archives what one read returned: every entry becomes a row (or is left out by the filters), the rows are written
    /// in one transaction, and only then is every entry acknowledged. A batch PostgreSQL refuses for what a row holds (a
    /// data error, not an outage) is written row by row, and a row it still refuses is archived as raw fields with the
    /// reason, so no entry stays pending for ever.
    /// </summary>
    private async Task ArchiveAsync(IReadOnlyList<(ArchiveSource Source, IReadOnlyList<StreamEntry> Entries)> batches, ArchiveWriter writer, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var now = time.GetUtcNow();
        var items = new List<(ArchiveSource Source, StreamEntry Entry, ArchiveDecoded Decoded)>();
        var total = 0;
        foreach (var (source, entries) in batches)
        {
            total += entries.Count;
            foreach (var entry in entries)
            {
                if (entry.IsDeleted)
                {
                    ArchiveMetrics.Count(source, ArchiveMetrics.Gone, 1);
                    Log.EntryGone(logger, source.Key, entry.Id.ToString());
                    continue;
                }

                var decoded = decoder.Decode(source, entry, now);
                if (decoded.Malformed is { } reason)
                {
                    ArchiveMetrics.Count(source, ArchiveMetrics.Malformed, 1);
                    Log.MalformedArchived(logger, source.Key, entry.Id.ToString(), reason);
                }
                else if (decoded.Event is null && decoded.Entry is null)
                {
                    ArchiveMetrics.Count(source, ArchiveMetrics.Filtered, 1);
                }

                if (decoded.Event is not null || decoded.Entry is not null)
                {
                    items.Add((source, entry, decoded));
                }
            }
        }

        if (total == 0)
        {
            return;
        }

        var events = items.Where(item => item.Decoded.Event is not null).Select(item => item.Decoded.Event!).ToList();
        var rows = items.Where(item => item.Decoded.Entry is not null).Select(item => item.Decoded.Entry!).ToList();
        long written;
        try
        {
            written = await writer.WriteAsync(events, rows, cancellationToken);
        }
        catch (PostgresException e) when (IsRefusal(e))
        {
            Log.BatchRefused(logger, items.Count, e.SqlState);
            written = await WriteOneByOneAsync(items, writer, now, cancellationToken);
        }

        foreach (var group in items.Where(item => item.Decoded.Malformed is null).GroupBy(item => item.Source))
        {
            ArchiveMetrics.Count(group.Key, ArchiveMetrics.Archived, group.Count());
        }

        if (items.Count > written)
        {
            // Already archived rows are not told apart per source: the duplicates are counted on the first source.
            ArchiveMetrics.Count(items[0].Source, ArchiveMetrics.Duplicate, items.Count - written);
        }

        // Written (or left out): acknowledged, one XACK per key, sent together.
        await Task.WhenAll(batches.Where(batch => batch.Entries.Count > 0).Select(batch =>
            redis.XAckAsync(batch.Source.Key, Group, [.. batch.Entries.Select(entry => entry.Id)], cancellationToken).AsTask()));
        ArchiveMetrics.BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Each row in its own transaction; a row refused again is archived as raw fields, and failing that as its key and the reason alone.</summary>
    private async Task<long> WriteOneByOneAsync(List<(ArchiveSource Source, StreamEntry Entry, ArchiveDecoded Decoded)> items, ArchiveWriter writer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var written = 0L;
        foreach (var (source, entry, decoded) in items)
        {
            try
            {
                written += await writer.WriteAsync(decoded.Event is { } row ? [row] : [], decoded.Entry is { } other ? [other] : [], cancellationToken);
                continue;
            }
            catch (PostgresException e) when (IsRefusal(e))
            {
                var reason = $"PostgreSQL refused it: {e.SqlState} {e.MessageText}";
                Log.MalformedArchived(logger, source.Key, entry.Id.ToString(), reason);
                var raw = ArchiveEntryDecoder.Raw(source, entry, reason, now);
                try
                {
                    written += await writer.WriteAsync([], [raw], cancellationToken);
                }
                catch (PostgresException again) when (IsRefusal(again))
                {
                    written += await writer.WriteAsync([], [raw with { Fields = null, Reasons = null, ErrorType = null }], cancellationToken);
                }
            }
        }

        return written;
    }

    /// <summary>
    /// PostgreSQL refused the data itself (SQLSTATE class 22, data exception: a value jsonb or a column cannot hold;
    /// class 54, a program limit such as a row too large): writing it again cannot succeed, unlike an outage.
    /// </summary>
    private static bool IsRefusal(PostgresException e) => e.SqlState.StartsWith("22", StringComparison.Ordinal) || e.SqlState.StartsWith("54", StringComparison.Ordinal);
}
