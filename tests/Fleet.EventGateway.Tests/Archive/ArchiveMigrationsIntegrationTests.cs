using Fleet.EventGateway.Archive;
using Fleet.Testing;
using Fleet.Testing.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Fleet.EventGateway.Tests.Archive;

[Collection(ArchiveServers.Name)]
public sealed class ArchiveMigrationsIntegrationTests(RedisServerFixture redis, PostgresServerFixture postgres)
{
    [Fact]
    public async Task Migrate_EmptyDatabase_AppliesEveryMigrationOnceInNameOrder()
    {
        await using var archive = await ArchiveHarness.StartAsync(redis, postgres);
        var migrator = Migrator(archive.DataSource);

        var first = await migrator.MigrateAsync(TestContext.Current.CancellationToken);
        var second = await migrator.MigrateAsync(TestContext.Current.CancellationToken);

        var names = ArchiveMigration.Embedded.Select(m => m.Name).ToArray();
        Assert.Equal(["0001_archived_events.sql", "0002_archived_entries.sql", "0003_query_indexes.sql"], names[..3]);
        Assert.Equal(names, first);
        Assert.Empty(second);
        Assert.Equal(names, await AppliedInOrderAsync(archive.DataSource));
        Assert.Equal(0, await archive.EventCountAsync());
    }

    [Fact]
    public async Task Migrate_ReplicasStartingTogether_ApplyEachMigrationOnce()
    {
        await using var archive = await ArchiveHarness.StartAsync(redis, postgres);

        // Four replicas at once: without the advisory lock two would both find 0001 missing and one would fail on
        // CREATE TABLE (or on the schema_migrations key).
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Migrator(archive.DataSource).MigrateAsync(TestContext.Current.CancellationToken))));

        var applied = runs.SelectMany(run => run).ToArray();
        Assert.Equal(ArchiveMigration.Embedded.Select(m => m.Name).Order(StringComparer.Ordinal), applied.Order(StringComparer.Ordinal));
        Assert.Equal(ArchiveMigration.Embedded.Count, await archive.ScalarAsync("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Migrate_AppliedMigrationChangedSince_FailsNamingIt()
    {
        await using var archive = await ArchiveHarness.StartAsync(redis, postgres);
        var migrator = Migrator(archive.DataSource);
        await migrator.MigrateAsync(TestContext.Current.CancellationToken);
        await archive.ScalarAsync("WITH changed AS (UPDATE schema_migrations SET checksum = 'edited' WHERE name = '0002_archived_entries.sql' RETURNING 1) SELECT count(*) FROM changed");

        var error = await Assert.ThrowsAsync<ArchiveMigrationException>(() => migrator.MigrateAsync(TestContext.Current.CancellationToken));

        Assert.Contains("0002_archived_entries.sql was changed after it was applied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_FailingMigration_RollsBackAndRecordsNothing()
    {
        await using var archive = await ArchiveHarness.StartAsync(redis, postgres);
        ArchiveMigration[] migrations = [new("0001_good.sql", "CREATE TABLE good (x int)"), new("0002_bad.sql", "CREATE TABLE half (x int); SELECT no_such_function()")];

        await Assert.ThrowsAsync<ArchiveMigrationException>(() => Migrator(archive.DataSource).MigrateAsync(migrations, TestContext.Current.CancellationToken));

        Assert.Equal(["0001_good.sql"], await AppliedInOrderAsync(archive.DataSource));
        Assert.Equal(0, await archive.ScalarAsync("SELECT count(*) FROM pg_tables WHERE tablename = 'half'"));
    }

    private static ArchiveMigrator Migrator(NpgsqlDataSource dataSource) => new(dataSource, TimeProvider.System, NullLogger<ArchiveMigrator>.Instance);

    private static async Task<string[]> AppliedInOrderAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT name FROM schema_migrations ORDER BY applied_at, name");
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return [.. names];
    }
}
