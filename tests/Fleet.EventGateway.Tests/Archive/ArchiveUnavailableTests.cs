using Fleet.EventGateway.Archive;
using Npgsql;

namespace Fleet.EventGateway.Tests.Archive;

/// <summary>What a query answered 503 says: a schema not migrated yet is named as such, not as PostgreSQL's "relation does not exist".</summary>
public sealed class ArchiveUnavailableTests
{
    [Fact]
    public void Describe_TableMissing_SaysTheMigrationsHaveNotRunYet()
    {
        var error = new PostgresException("relation \"archived_events\" does not exist", "ERROR", "ERROR", "42P01");

        Assert.StartsWith("The archive is not ready: its schema's migrations have not been applied yet", ArchiveUnavailable.Describe(error), StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_OtherError_PassesPostgresMessageOn()
    {
        var error = new PostgresException("permission denied for table archived_events", "ERROR", "ERROR", "42501");

        Assert.Equal("The archive is unavailable: " + error.Message, ArchiveUnavailable.Describe(error));
    }
}
