using Fleet.Contracts;
using Fleet.Events;
using Fleet.Testing;
using Npgsql;
using NUlid;

namespace Fleet.EndToEnd.Tests.Gateway;

/// <summary>
/// The archiver killed mid-write: the test holds a lock on the archive's table, so the gateway reads a batch (the entries
/// are pending in group <c>archiver</c>) and blocks writing it; then SIGKILL, the lock released, the gateway started again
/// under the same name. Every event ends in the archive exactly once, and nothing stays pending.
/// </summary>
[Collection(SharedGateway.Name)]
public sealed class ArchiverKillIntegrationTests(GatewayFixture fixture)
{
    private const int Count = 2000;
    private const string Group = "archiver";

    [Fact]
    public async Task Sigkill_MidArchiving_NothingLostNothingPendingAfterRestart()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var gateway = fixture.Gateway;
        var correlationId = Ulid.NewUlid();
        var options = new PublishOptions { CorrelationId = correlationId, UserId = "e2e-kill" };

        await using (var connection = new NpgsqlConnection(gateway.ArchiveConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE archived_events IN ACCESS EXCLUSIVE MODE", connection, transaction))
            {
                await lockTable.ExecuteNonQueryAsync(cancellationToken);
            }

            var ids = new List<string>(Count);
            for (var i = 0; i < Count; i++)
            {
                var preferences = new UserPreferencesUpdated("e2e-kill", [NotificationChannel.Email], null, $"kill-{i}@example.com");
                ids.Add((await fixture.Bus.Publisher.PublishAsync(FleetStreams.User, preferences, options, cancellationToken)).EventId.ToString());
            }

            await Eventually.TrueAsync(
                async () => (await fixture.Bus.State.PendingAsync()).GetValueOrDefault(FleetStreams.User + "/" + Group) > 0,
                "the archiver holds entries it read and cannot write yet",
                GatewayFixture.WorkLimit);
            await gateway.Process.KillAsync();
            await transaction.RollbackAsync(cancellationToken);

            await gateway.StartAsync();
            var archived = await Eventually.UntilAsync(
                () => ArchivedIdsAsync(correlationId.ToString()),
                found => found.Count >= Count,
                $"the archive holds the {Count} events of {correlationId}",
                GatewayFixture.WorkLimit);
            Assert.Equal(ids.Order(StringComparer.Ordinal), archived);
        }

        await Eventually.TrueAsync(
            async () => (await fixture.Bus.State.PendingAsync()).Where(p => p.Key.EndsWith("/" + Group, StringComparison.Ordinal)).All(p => p.Value == 0),
            "group archiver has nothing pending on any stream",
            GatewayFixture.WorkLimit);
    }

    /// <summary>The archived events' ids of a conversation, read from PostgreSQL (duplicates would show: the list is not distinct).</summary>
    private async Task<List<string>> ArchivedIdsAsync(string correlationId)
    {
        await using var connection = new NpgsqlConnection(fixture.Gateway.ArchiveConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var query = new NpgsqlCommand("SELECT id FROM archived_events WHERE correlation_id = @c ORDER BY id", connection);
        query.Parameters.AddWithValue("c", correlationId);
        var ids = new List<string>();
        await using var reader = await query.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
