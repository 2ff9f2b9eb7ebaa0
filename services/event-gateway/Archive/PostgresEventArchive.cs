using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.EventGateway.Archive;

/// <summary>
/// <see cref="IEventArchive"/> over the archive's tables. Pages are keyset pages: each is one index range scan in
/// (timestamp, id) order after the cursor's position (migration 0003's indexes), so page 1 000 costs what page 1 costs.
/// Events come from <c>archived_events</c>; dead letters and parked entries from <c>archived_entries</c>, in (at, seq) order.
/// </summary>
internal sealed class PostgresEventArchive(NpgsqlDataSource dataSource) : IEventArchive
{
    /// <summary>The largest page.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Below this many rows (by the planner's estimate) the events are counted exactly; above it the estimate is the count.</summary>
    internal const long ExactCountBelow = 100_000;

    private const string EventSelect =
        "SELECT id, type, version, \"timestamp\", correlation_id, causation_id, user_id, stream, entry_id, data, metadata, traceparent, archived_at FROM archived_events";

    private const string EntrySelect =
        "SELECT seq, stream, kind, entry_id, at, id, type, version, \"timestamp\", correlation_id, causation_id, user_id, data, metadata, traceparent, reasons, fields, error, archived_at FROM archived_entries";

    public async Task<ArchivePage> QueryAsync(ArchiveQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query.Limit));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxLimit, nameof(query.Limit));
        var events = query.Kind is null or ArchiveKind.Event;
        var table = events ? ArchiveCursor.Events : ArchiveCursor.Entries;
        var cursor = query.Cursor is null ? (ArchiveCursor?)null : ArchiveCursor.Parse(query.Cursor, table);

        await using var command = dataSource.CreateCommand();
        var sql = new StringBuilder(events ? EventSelect : EntrySelect);
        var time = events ? "\"timestamp\"" : "at";
        var where = new List<string>();
        if (!events)
        {
            where.Add("kind = @kind");
            command.Parameters.AddWithValue("kind", ArchiveKinds.ToText(query.Kind!.Value));
        }

        Filter(command, where, "stream", query.Stream);
        Filter(command, where, "type", query.Type);
        Filter(command, where, "correlation_id", query.CorrelationId);
        Filter(command, where, "user_id", query.UserId);
        if (query.From is { } from)
        {
            where.Add($"{time} >= @from");
            command.Parameters.AddWithValue("from", NpgsqlDbType.TimestampTz, from.ToUniversalTime());
        }

        if (query.To is { } to)
        {
            where.Add($"{time} < @to");
            command.Parameters.AddWithValue("to", NpgsqlDbType.TimestampTz, to.ToUniversalTime());
        }

        if (cursor is { } after)
        {
            // A row comparison: PostgreSQL walks the index from this position on.
            where.Add(events ? "(\"timestamp\", id) > (@after_at, @after_key)" : "(at, seq) > (@after_at, @after_key)");
            command.Parameters.AddWithValue("after_at", NpgsqlDbType.TimestampTz, after.At);
            if (events)
            {
                command.Parameters.AddWithValue("after_key", NpgsqlDbType.Text, after.Key);
            }
            else
            {
                command.Parameters.AddWithValue("after_key", NpgsqlDbType.Bigint, long.Parse(after.Key, NumberStyles.None, CultureInfo.InvariantCulture));
            }
        }

        if (where.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", where);
        }

        // One row more than the page tells whether a next page exists without counting.
        sql.Append(events ? " ORDER BY \"timestamp\", id" : " ORDER BY at, seq").Append(" LIMIT @limit");
        command.Parameters.AddWithValue("limit", query.Limit + 1);
        command.CommandText = sql.ToString();

        var rows = new List<ArchivedEvent>(Math.Min(query.Limit + 1, 128));
        var keys = new List<(DateTimeOffset At, string Key)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (events)
                {
                    var row = ArchiveRows.Event(reader);
                    rows.Add(row);
                    keys.Add((row.Timestamp, row.Id));
                }
                else
                {
                    rows.Add(ArchiveRows.Entry(reader));
                    keys.Add((reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt64(0).ToString(CultureInfo.InvariantCulture)));
                }
            }
        }

        if (rows.Count <= query.Limit)
        {
            return new ArchivePage(rows, null);
        }

        rows.RemoveAt(rows.Count - 1);
        var last = keys[rows.Count - 1];
        return new ArchivePage(rows, new ArchiveCursor(table, last.At, last.Key).ToString());
    }

    public async Task<ArchivedEvent?> FindAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        await using var command = dataSource.CreateCommand(EventSelect + " WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ArchiveRows.Event(reader) : null;
    }

    public async Task<IReadOnlyList<ArchivedEvent>> ConversationAsync(string correlationId, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(correlationId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);

        // The event whose id is the correlation id (the conversation's first event, which often carries none itself)
        // belongs to it too.
        await using var command = dataSource.CreateCommand(EventSelect + " WHERE correlation_id = @id OR id = @id ORDER BY \"timestamp\", id LIMIT @limit");
        command.Parameters.AddWithValue("id", correlationId);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<ArchivedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(ArchiveRows.Event(reader));
        }

        return rows;
    }

    public async Task<ArchiveSize> SizeAsync(CancellationToken cancellationToken)
    {
        // count(*) of a million rows reads them all (about 100 ms here); the planner's estimate (pg_class.reltuples,
        // kept by autovacuum and ANALYZE) costs nothing. Small tables, and dead letters and parked entries (few, and
        // read through their (kind, at, seq) index), are counted exactly.
        await using var command = dataSource.CreateCommand($"""
            SELECT
                (SELECT CASE WHEN c.reltuples < {ExactCountBelow} THEN (SELECT count(*) FROM archived_events) ELSE c.reltuples::bigint END
                   FROM pg_class c WHERE c.oid = 'archived_events'::regclass),
                (SELECT count(*) FROM archived_entries WHERE kind = 'dead_letter'),
                (SELECT count(*) FROM archived_entries WHERE kind = 'parked'),
                pg_total_relation_size('archived_events') + pg_total_relation_size('archived_entries')
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ArchiveSize(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    private static void Filter(NpgsqlCommand command, List<string> where, string column, string? value)
    {
        if (value is not null)
        {
            where.Add($"{column} = @{column}");
            command.Parameters.AddWithValue(column, NpgsqlDbType.Text, value);
        }
    }
}
