using Npgsql;

namespace Fleet.Benchmarks.Archive;

/// <summary>What autovacuum does to the archive after a bulk load, done at once and flushed before the measured queries.</summary>
internal static class ArchiveMaintenance
{
    /// <summary>
    /// VACUUM (ANALYZE) of archived_events (statistics, the visibility map, hint bits), then a CHECKPOINT, so that neither
    /// autovacuum nor the checkpointer runs during the measured queries.
    /// </summary>
    public static async Task SettleAsync(NpgsqlDataSource dataSource)
    {
        foreach (var maintenance in new[] { "VACUUM (ANALYZE) archived_events", "CHECKPOINT" })
        {
            await using var command = dataSource.CreateCommand(maintenance);
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync();
        }
    }
}
