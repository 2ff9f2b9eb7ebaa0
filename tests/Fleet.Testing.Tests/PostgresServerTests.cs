using Fleet.Testing.Postgres;
using Npgsql;

namespace Fleet.Testing.Tests;

public sealed class PostgresServerTests(PostgresServerFixture fixture) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task CreateDatabase_GivesEachCallItsOwnEmptyDatabase()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await fixture.Server.CreateDatabaseAsync("owner", ct);
        var second = await fixture.Server.CreateDatabaseAsync("owner", ct);
        await ExecuteAsync(first, "CREATE TABLE marks (id int primary key); INSERT INTO marks VALUES (1)", ct);

        Assert.NotEqual(first, second);
        Assert.Equal(1L, await ScalarAsync(first, "SELECT count(*) FROM marks", ct));
        Assert.Equal(0L, await ScalarAsync(second, "SELECT count(*) FROM pg_tables WHERE tablename = 'marks'", ct));
    }

    [Fact]
    public async Task Restart_AfterKill_KeepsCommittedRowsAndPort()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PostgresServer.StartAsync(ct);
        var database = await server.CreateDatabaseAsync("restart", ct);
        await ExecuteAsync(database, "CREATE TABLE kept (id int primary key); INSERT INTO kept VALUES (7)", ct);
        // The server commits asynchronously (synchronous_commit=off): a CHECKPOINT after the commit puts it on disk. In
        // the same batch it ran inside the batch's implicit transaction, before the commit, and a kill could lose it.
        await ExecuteAsync(database, "CHECKPOINT", ct);
        var port = server.Port;

        await server.KillAsync();
        Assert.False(server.IsRunning);
        await server.RestartAsync(ct);

        Assert.True(server.IsRunning);
        Assert.Equal(port, server.Port);
        Assert.Equal(7, await ScalarAsync(database, "SELECT id FROM kept", ct));
    }

    [Fact]
    public void Server_BeforeInitialize_Throws() =>
        Assert.Throws<InvalidOperationException>(() => new PostgresServerFixture().Server);

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(ct);
    }
}
