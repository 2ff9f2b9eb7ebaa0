using Npgsql;

namespace Fleet.EventGateway.Archive;

/// <summary>
/// Writes one batch of rows in one transaction: events by a binary COPY straight into <c>archived_events</c> (and, when
/// one of them is archived already, through a temporary table as the other rows are), other entries by a binary COPY
/// into a temporary table, then one INSERT … SELECT … ON CONFLICT DO NOTHING into the archive, so a row already archived
/// (a redelivery, a re-drive, a replay, the same entry claimed by two archivers) is skipped without failing the batch. Either every row of the batch
/// is in the archive after it returns, or none was written and it throws. The writer keeps one connection of its own
/// (its temporary tables cost catalog writes to create, so they are made once per connection, IF NOT EXISTS: a pooled
/// connection is not reset on return, ArchiveDataSource, and may have them from an earlier writer); after a failure it
/// opens a new one. One caller at a time: the archiver's loop.
/// </summary>
internal sealed class ArchiveWriter(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private const string EventsStage = "archive_incoming_events";
    private const string EntriesStage = "archive_incoming_entries";

    private const string DirectSavepoint = "archive_direct";

    private NpgsqlConnection? _connection;
    private long _stagedBatches;

    /// <summary>Writes <paramref name="events"/> and <paramref name="entries"/>; returns how many rows were new.</summary>
    public async Task<long> WriteAsync(IReadOnlyList<EventRow> events, IReadOnlyList<EntryRow> entries, CancellationToken cancellationToken)
    {
        if (events.Count == 0 && entries.Count == 0)
        {
            return 0;
        }

        try
        {
            var connection = await ConnectAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var written = 0L;
            if (events.Count > 0)
            {
                written += await WriteEventsAsync(connection, transaction, events, cancellationToken);
            }

            if (entries.Count > 0)
            {
                await ArchiveCopy.EntriesAsync(connection, EntriesStage, entries, cancellationToken);
                written += await ExecuteAsync(connection, $"INSERT INTO archived_entries ({ArchiveCopy.EntryColumns}) SELECT {ArchiveCopy.EntryColumns} FROM {EntriesStage} ON CONFLICT (stream, kind, entry_id) DO NOTHING", cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return written;
        }
        catch
        {
            // The connection may be broken or mid-COPY: the next batch starts on a new one.
            await DisconnectAsync();
            throw;
        }
    }

    /// <summary>Batches whose direct COPY met an event archived before and were written through the staging table.</summary>
    internal long StagedBatches => Interlocked.Read(ref _stagedBatches);

    public ValueTask DisposeAsync() => DisconnectAsync();

    /// <summary>
    /// Almost every batch holds only new events: they are copied straight into <c>archived_events</c>, so PostgreSQL
    /// parses and stores each row once instead of twice (into the staging table, then out of it). A batch holding an event
    /// archived before (a redelivery after a crash, a re-drive, a replay, an entry claimed by two archivers) fails that
    /// COPY on the primary key; it is rolled back to the savepoint and written through the staging table with
    /// ON CONFLICT (id) DO NOTHING, so a redelivery stays a no-op and the rest of the batch is written.
    /// </summary>
    private async Task<long> WriteEventsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<EventRow> events, CancellationToken cancellationToken)
    {
        await transaction.SaveAsync(DirectSavepoint, cancellationToken);
        try
        {
            return (long)await ArchiveCopy.EventsAsync(connection, "archived_events", events, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await transaction.RollbackAsync(DirectSavepoint, cancellationToken);
            Interlocked.Increment(ref _stagedBatches);
        }

        await ArchiveCopy.EventsAsync(connection, EventsStage, events, cancellationToken);
        return await ExecuteAsync(connection, $"INSERT INTO archived_events ({ArchiveCopy.EventColumns}) SELECT {ArchiveCopy.EventColumns} FROM {EventsStage} ON CONFLICT (id) DO NOTHING", cancellationToken);
    }

    private async ValueTask<NpgsqlConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: System.Data.ConnectionState.Open } open)
        {
            return open;
        }

        await DisconnectAsync();
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            // Emptied at every commit, kept for the connection's life (a pooled connection is not reset: it may have them).
            await ExecuteAsync(connection, $"CREATE TEMP TABLE IF NOT EXISTS {EventsStage} ON COMMIT DELETE ROWS AS SELECT {ArchiveCopy.EventColumns} FROM archived_events WITH NO DATA", cancellationToken);
            await ExecuteAsync(connection, $"CREATE TEMP TABLE IF NOT EXISTS {EntriesStage} ON COMMIT DELETE ROWS AS SELECT {ArchiveCopy.EntryColumns} FROM archived_entries WITH NO DATA", cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        _connection = connection;
        return connection;
    }

    private async ValueTask DisconnectAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
