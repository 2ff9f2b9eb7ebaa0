using Fleet.Testing;
using Fleet.Testing.Postgres;

namespace Fleet.EventGateway.Tests.Archive;

/// <summary>
/// The archive's test classes share one redis-server and one PostgreSQL (each test with its own key prefix and its own
/// database) and run one after the other, so the test that stops PostgreSQL disturbs no other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ArchiveServers : ICollectionFixture<RedisServerFixture>, ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "archive";
}
