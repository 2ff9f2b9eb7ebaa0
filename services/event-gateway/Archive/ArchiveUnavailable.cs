using System.Data.Common;
using Npgsql;

namespace Fleet.EventGateway.Archive;

/// <summary>What a caller is told when the archive could not answer.</summary>
internal static class ArchiveUnavailable
{
    /// <summary>PostgreSQL's code for a table that does not exist (undefined_table).</summary>
    private const string UndefinedTable = "42P01";

    /// <summary>
    /// One line for <paramref name="error"/>: a missing table means the schema's migrations have not run yet (they run at
    /// start, and /health/ready reports them), anything else that PostgreSQL could not be asked.
    /// </summary>
    public static string Describe(DbException error) => error is PostgresException { SqlState: UndefinedTable }
        ? "The archive is not ready: its schema's migrations have not been applied yet (they run at start; /health/ready reports them). Try again shortly."
        : "The archive is unavailable: " + error.Message;
}
