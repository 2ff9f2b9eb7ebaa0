using Npgsql;

namespace Fleet.EventGateway.Archive;

/// <summary>
/// Applies the archive's migrations (<see cref="ArchiveMigration.Embedded"/>) that the database lacks, in name order, each
/// in its own transaction together with its row in <c>schema_migrations</c>. The whole run holds a PostgreSQL advisory
/// lock, so two gateway replicas starting together apply each migration once: the second waits, then finds them applied.
/// An applied migration whose text changed since fails the run with <see cref="ArchiveMigrationException"/>.
/// </summary>
internal sealed class ArchiveMigrator(NpgsqlDataSource dataSource, TimeProvider time, ILogger<ArchiveMigrator> logger)
{
    /// <summary>The advisory lock key (pg_advisory_lock): "fleet-ar" in ASCII, one key for every gateway on the database.</summary>
    internal const long LockKey = 0x666c6565742d6172;

    private const string CreateTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            name       text COLLATE "C" PRIMARY KEY,
            checksum   text NOT NULL,
            applied_at timestamptz NOT NULL
        )
        """;

    /// <summary>Applies what is missing; returns the names applied by this call (empty when the schema was up to date).</summary>
    public Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken) => MigrateAsync(ArchiveMigration.Embedded, cancellationToken);

    /// <summary>Applies <paramref name="migrations"/> (ordered by name here) that are not recorded yet.</summary>
    internal async Task<IReadOnlyList<string>> MigrateAsync(IReadOnlyList<ArchiveMigration> migrations, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, "SELECT pg_advisory_lock(@key)", cancellationToken, LockKey);
        try
        {
            await ExecuteAsync(connection, CreateTable, cancellationToken);
            var applied = await AppliedAsync(connection, cancellationToken);
            var done = new List<string>();
            foreach (var migration in migrations.OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                if (applied.TryGetValue(migration.Name, out var checksum))
                {
                    if (!string.Equals(checksum, migration.Checksum, StringComparison.Ordinal))
                    {
                        throw new ArchiveMigrationException(
                            $"Archive migration {migration.Name} was changed after it was applied (checksum {migration.Checksum}, applied {checksum}). "
                            + "Applied migrations must never change: restore the file and add a new migration for the change.");
                    }

                    continue;
                }

                await ApplyAsync(connection, migration, cancellationToken);
                Log.MigrationApplied(logger, migration.Name);
                done.Add(migration.Name);
            }

            return done;
        }
        finally
        {
            // Closing would release it too, but a pooled connection is not closed: unlock explicitly (not cancellable,
            // so a stop during the run does not leave the lock to the pool).
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, LockKey);
            }
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, ArchiveMigration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var command = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (name, checksum, applied_at) VALUES (@name, @checksum, @at)", connection, transaction))
            {
                record.Parameters.AddWithValue("name", migration.Name);
                record.Parameters.AddWithValue("checksum", migration.Checksum);
                record.Parameters.AddWithValue("at", time.GetUtcNow());
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException e)
        {
            throw new ArchiveMigrationException($"Archive migration {migration.Name} failed: {e.SqlState} {e.MessageText}", e);
        }
    }

    private static async Task<Dictionary<string, string>> AppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT name, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetString(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, long? key = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (key is { } value)
        {
            command.Parameters.AddWithValue("key", value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
