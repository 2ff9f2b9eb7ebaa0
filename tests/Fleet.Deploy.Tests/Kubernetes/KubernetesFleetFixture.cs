using Fleet.Redis;
using Fleet.Testing;
using Fleet.Testing.Postgres;

namespace Fleet.Deploy.Tests.Kubernetes;

/// <summary>
/// The six services of overlays/dev started as local processes with their Deployments' environment (ConfigMaps, the
/// documented Secrets filled for this run, <c>$(VAR)</c> expanded as the kubelet does) on one redis-server with their ACL
/// users (allowed everything here: least privilege is deploy/redis's tests) and a PostgreSQL for the gateway. Each
/// service gets its own Redis database (appended to FLEET_REDIS_ADDRESS), so the groups found there are that service's.
/// </summary>
public sealed class KubernetesFleetFixture : IAsyncLifetime
{
    /// <summary>Time to /health/ready on a loaded machine (the gateway migrates its archive, the embedding model loads).</summary>
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(240);

    private readonly string _directory = Directory.CreateTempSubdirectory("fleet-k8s-").FullName;
    private readonly List<ManifestProcess> _processes = [];
    private PostgresServer? _postgres;
    private RedisServer? _redis;

    internal static RenderedManifests Dev => Kustomize.Render(Kustomize.Dev);

    /// <summary>The Redis database <paramref name="service"/> runs on.</summary>
    internal static int DatabaseOf(string service) => FleetDeployments.Names.ToList().IndexOf(service) + 1;

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _postgres = await PostgresServer.StartAsync(cancellationToken);
        var secrets = new TestSecrets(await _postgres.CreateDatabaseAsync("archive", cancellationToken));
        _redis = await RedisServer.StartAsync(
            new RedisServerOptions
            {
                AclUsers = [.. TestSecrets.RedisUsers.Select(user => new RedisAclUser(user, secrets.Get(TestSecrets.RedisPasswords, TestSecrets.PasswordKey(user))!, "~* &* +@all"))],
            },
            cancellationToken);

        var starts = FleetDeployments.Names.Select(async service =>
        {
            var process = await ManifestProcess.StartAsync(
                Dev, Dev.Single("Deployment", service), secrets, $"{_redis.Host}:{_redis.Port}/{DatabaseOf(service)}", _directory, ReadyLimit);
            lock (_processes)
            {
                _processes.Add(process);
            }
        });
        await Task.WhenAll(starts);
    }

    /// <summary>"key group" for every consumer group in <paramref name="service"/>'s database, sorted.</summary>
    internal async Task<string> GroupsOfAsync(string service)
    {
        await using var client = await RedisClient.ConnectAsync(RedisClientOptions.Parse(_redis!.Url) with { Database = DatabaseOf(service) });
        var groups = new List<string>();
        var cursor = "0";
        do
        {
            var page = await client.ExecuteAsync("SCAN", cursor, "TYPE", "stream", "COUNT", 1000);
            cursor = page[0].ToString();
            foreach (var key in page[1].Elements.Select(k => k.ToString()))
            {
                groups.AddRange((await client.XInfoGroupsAsync(key)).Select(g => $"{key} {g.Name}"));
            }
        }
        while (cursor != "0");
        return string.Join('\n', groups.Order(StringComparer.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_processes.Select(p => p.DisposeAsync().AsTask()));
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
