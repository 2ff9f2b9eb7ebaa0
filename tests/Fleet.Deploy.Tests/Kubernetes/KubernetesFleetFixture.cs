using Fleet.Redis;
using Fleet.Testing;
using Fleet.Testing.Acl;
using Fleet.Testing.Postgres;

namespace Fleet.Deploy.Tests.Kubernetes;

/// <summary>
/// The six services of overlays/dev started as local processes with their Deployments' environment (ConfigMaps, the
/// documented Secrets filled for this run, <c>$(VAR)</c> expanded as the kubelet does), each under its own least-privilege
/// ACL user of deploy/redis/users.acl, and a PostgreSQL for the gateway. Each service gets its own redis-server (loading
/// the same ACL file), so the groups found there are that service's.
/// </summary>
public sealed class KubernetesFleetFixture : IAsyncLifetime
{
    /// <summary>Time to /health/ready on a loaded machine (the gateway migrates its archive, the embedding model loads).</summary>
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(240);

    private readonly string _directory = Directory.CreateTempSubdirectory("fleet-k8s-").FullName;
    private readonly List<ManifestProcess> _processes = [];
    private readonly Dictionary<string, RedisServer> _redis = new(StringComparer.Ordinal);
    private PostgresServer? _postgres;
    private FleetAclFile? _acl;

    internal static RenderedManifests Dev => Kustomize.Render(Kustomize.Dev);

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _postgres = await PostgresServer.StartAsync(cancellationToken);
        _acl = await FleetAclFile.RenderAsync(cancellationToken);
        var secrets = new TestSecrets(await _postgres.CreateDatabaseAsync("archive", cancellationToken), _acl.PasswordVariables);
        var starts = FleetDeployments.Names.Select(async service =>
        {
            var redis = await RedisServer.StartAsync(_acl.ServerOptions(), cancellationToken);
            lock (_redis)
            {
                _redis[service] = redis;
            }

            var process = await ManifestProcess.StartAsync(
                Dev, Dev.Single("Deployment", service), secrets, $"{redis.Host}:{redis.Port}", _directory, ReadyLimit);
            lock (_processes)
            {
                _processes.Add(process);
            }
        });
        await Task.WhenAll(starts);
    }

    /// <summary>"key group" for every consumer group on <paramref name="service"/>'s redis-server, sorted (read as admin).</summary>
    internal async Task<string> GroupsOfAsync(string service)
    {
        await using var client = await RedisClient.ConnectAsync(_redis[service].Url);
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
        await Task.WhenAll(_redis.Values.Select(r => r.DisposeAsync().AsTask()));
        _acl?.Dispose();

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
