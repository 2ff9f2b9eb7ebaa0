using Fleet.Testing.Processes;
using YamlDotNet.RepresentationModel;

namespace Fleet.Deploy.Tests.Kubernetes;

/// <summary>
/// overlays/dev: Redis (AOF everysec, noeviction, the ACL file rendered from the Secret by deploy/redis/render-acl.sh in an
/// initContainer) and PostgreSQL as StatefulSets on volumes, Jaeger all-in-one, one replica of each service, the settings
/// pointing at them, every pod restricted.
/// </summary>
public sealed class DevOverlayTests
{
    private static readonly RenderedManifests Dev = Kustomize.Render(Kustomize.Dev);

    [Fact]
    public void Redis_KeepsStreamsDurablyAndLoadsTheRenderedAclFile()
    {
        var redis = Dev.Single("StatefulSet", "redis");
        var arguments = string.Join(' ', redis.Container.Items("args").Select(a => ((YamlScalarNode)a).Value));
        Assert.Contains("--appendonly yes", arguments, StringComparison.Ordinal);
        Assert.Contains("--appendfsync everysec", arguments, StringComparison.Ordinal);
        Assert.Contains("--maxmemory-policy noeviction", arguments, StringComparison.Ordinal);
        Assert.Contains("--dir /data", arguments, StringComparison.Ordinal);
        Assert.Equal("/data", Mount(redis, redis.Container, "data").Text("mountPath"));
        Assert.Single(redis.Root.Items("spec", "volumeClaimTemplates"), t => t.Text("metadata", "name") == "data");

        // The initContainer runs render-acl.sh TEMPLATE OUTPUT with every password of the Secret; redis-server loads OUTPUT.
        var init = Assert.Single(redis.PodSpec.Items("initContainers"));
        var command = init.Items("command").Select(c => ((YamlScalarNode)c).Value!).ToList();
        Assert.Equal("sh", command[0]);
        Assert.EndsWith("/render-acl.sh", command[1], StringComparison.Ordinal);
        Assert.EndsWith("/users.acl", command[2], StringComparison.Ordinal);
        Assert.Contains($"--aclfile {command[3]}", arguments, StringComparison.Ordinal);
        Assert.Equal(TestSecrets.RedisPasswords, Assert.Single(init.Items("envFrom")).Text("secretRef", "name"));
        Assert.Equal(Path.GetDirectoryName(command[3]), Mount(redis, redis.Container, "acl").Text("mountPath"));
        Assert.Equal(Path.GetDirectoryName(command[3]), Mount(redis, init, "acl").Text("mountPath"));
        Assert.Equal(Path.GetDirectoryName(command[1]), Mount(redis, init, "acl-template").Text("mountPath"));
    }

    [Fact]
    public void AclConfigMap_HoldsDeployRedisFilesUnchanged()
    {
        var redis = Dev.Single("StatefulSet", "redis");
        var volume = redis.PodSpec.Items("volumes").Single(v => v.Text("name") == "acl-template");
        var data = Dev.ConfigMapData(volume.Text("configMap", "name")!);
        foreach (var file in new[] { "users.acl", "render-acl.sh" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(ServiceBinaries.RepositoryRoot, "deploy", "redis", file)), data[file]);
        }
    }

    [Fact]
    public void Settings_PointAtTheInClusterRedisAndJaeger()
    {
        var settings = FleetDeployments.Environment(Dev, Dev.Single("Deployment", ServiceBinaries.FileProcessor));
        var redisService = Dev.Single("Service", "redis");
        Assert.Equal($"redis://{ServiceBinaries.FileProcessor}:placeholder@{redisService.Name}:{redisService.Root.Items("spec", "ports").Single().Text("port")}", settings["ConnectionStrings__Redis"]);

        var jaeger = Dev.Single("Service", "jaeger");
        var otlp = jaeger.Root.Items("spec", "ports").Single(p => p.Text("name") == "otlp-grpc").Text("port");
        Assert.Equal($"http://{jaeger.Name}:{otlp}", settings["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("1", Dev.Single("Deployment", "jaeger").Root.Text("spec", "replicas"));
    }

    [Fact]
    public void Postgres_KeepsItsDataOnAVolumeWithThePasswordFromTheSecret()
    {
        var postgres = Dev.Single("StatefulSet", "postgres");
        Assert.Single(postgres.Root.Items("spec", "volumeClaimTemplates"));
        Assert.Equal("/var/lib/postgresql/data", Mount(postgres, postgres.Container, "data").Text("mountPath"));
        var password = postgres.Container.Items("env").Single(e => e.Text("name") == "POSTGRES_PASSWORD");
        Assert.Equal(TestSecrets.Postgres, password.Text("valueFrom", "secretKeyRef", "name"));
        Assert.Equal("5432", Dev.Single("Service", "postgres").Root.Items("spec", "ports").Single().Text("port"));
    }

    [Fact]
    public void EveryService_RunsOneReplica()
    {
        Assert.All(Dev.OfKind("ScaledObject"), s =>
        {
            Assert.Equal(1, s.Root.Number("spec", "minReplicaCount"));
            Assert.Equal(1, s.Root.Number("spec", "maxReplicaCount"));
        });
        Assert.All(Dev.OfKind("StatefulSet"), s => Assert.Equal(1, s.Root.Number("spec", "replicas")));
    }

    [Fact]
    public void EveryPod_IsRestrictedAndTheNamespaceEnforcesIt()
    {
        Assert.Equal("restricted", Dev.Single("Namespace", "fleet").Root.Text("metadata", "labels", "pod-security.kubernetes.io/enforce"));
        foreach (var workload in Dev.OfKind("Deployment").Concat(Dev.OfKind("StatefulSet")))
        {
            Assert.Equal("true", workload.PodSpec.Text("securityContext", "runAsNonRoot"));
            Assert.Equal("RuntimeDefault", workload.PodSpec.Text("securityContext", "seccompProfile", "type"));
            foreach (var container in workload.PodSpec.Items("containers").Concat(workload.PodSpec.Items("initContainers")))
            {
                Assert.Equal("false", container.Text("securityContext", "allowPrivilegeEscalation"));
                Assert.Equal("true", container.Text("securityContext", "readOnlyRootFilesystem"));
                Assert.Equal("ALL", ((YamlScalarNode)Assert.Single(container.Items("securityContext", "capabilities", "drop"))).Value);
                Assert.NotNull(container.At("resources", "limits", "memory"));
            }
        }
    }

    private static YamlNode Mount(Manifest workload, YamlNode container, string volume) =>
        container.Items("volumeMounts").SingleOrDefault(m => m.Text("name") == volume)
            ?? throw new InvalidOperationException($"{workload}: a container does not mount {volume}.");
}
