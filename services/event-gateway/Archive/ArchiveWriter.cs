using Npgsql;

namespace Fleet.EventGateway.Archive;

/// <summary>
/// Writes one batch of rows in one transaction: a binary COPY into a temporary table (dropped at commit), then one
/// INSERT … SELECT … ON CONFLICT DO NOTHING into the archive, so a row already archived (a redelivery, a re-drive, a
/// replay, the same entry claimed by two archivers) is skipped without failing the batch. Either every row of the batch
/// is in the archive after it returns, or none was written and it throws.
/// </summary>
internal sealed class ArchiveWriter(NpgsqlDataSource dataSource)
{
    private const string EventsStage = "archive_incoming_events";
    private const string EntriesStage = "archive_incoming_entries";

    /// <summary>Writes <paramref name="events"/> and <paramref name="entries"/>; returns how many rows were new.</summary>
    public async Task<long> WriteAsync(IReadOnlyList<EventRow> events, IReadOnlyList<EntryRow> entries, CancellationToken cancellationToken)
    {
        if (events.Count == 0 && entries.Count == 0)
        {
            return 0;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var written = 0L;
        if (events.Count > 0)
        {
            await ExecuteAsync(connection, $"CREATE TEMP TABLE {EventsStage} ON COMMIT DROP AS SELECT {ArchiveCopy.EventColumns} FROM archived_events WITH NO DATA", cancellationToken);
            await ArchiveCopy.EventsAsync(connection, EventsStage, events, cancellationToken);
            written += await ExecuteAsync(connection, $"INSERT INTO archived_events ({ArchiveCopy.EventColumns}) SELECT {ArchiveCopy.EventColumns} FROM {EventsStage} ON CONFLICT (id) DO NOTHING", cancellationToken);
        }

        if (entries.Count > 0)
        {
            await ExecuteAsync(connection, $"CREATE TEMP TABLE {EntriesStage} ON COMMIT DROP AS SELECT {ArchiveCopy.EntryColumns} FROM archived_entries WITH NO DATA", cancellationToken);
            await ArchiveCopy.EntriesAsync(connection, EntriesStage, entries, cancellationToken);
            written += await ExecuteAsync(connection, $"INSERT INTO archived_entries ({ArchiveCopy.EntryColumns}) SELECT {ArchiveCopy.EntryColumns} FROM {EntriesStage} ON CONFLICT (stream, kind, entry_id) DO NOTHING", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
