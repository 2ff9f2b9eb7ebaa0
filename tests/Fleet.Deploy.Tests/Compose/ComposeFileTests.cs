using System.Text.RegularExpressions;
using Fleet.Testing.Processes;

namespace Fleet.Deploy.Tests.Compose;

/// <summary>
/// docker-compose.yml checked as Compose would check it (no engine here): names, images, health checks, ACL users,
/// volumes, dependencies, variables, and the Redis settings the streams rely on.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly ComposeFile Compose = ComposeFile.Repository;

    public static TheoryData<string> FleetServices => [.. ComposeFile.FleetServices];

    [Fact]
    public void Services_AreTheFixedNames()
    {
        string[] expected = ["redis", "postgres", "jaeger", "prometheus", .. ComposeFile.FleetServices];

        Assert.Equal(expected.Order(StringComparer.Ordinal), Compose.Services.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(FleetServices))]
    public void FleetService_ImageBuiltHereFromTheOneDockerfile(string name)
    {
        var service = Compose.Services[name];
        var build = ComposeFile.Map(service.Node, "build");

        Assert.Equal($"fleet/{name}:${{FLEET_VERSION:-dev}}", service.Image);
        Assert.Equal("build", service.Scalar("pull_policy"));
        Assert.Equal(".", build["context"]);
        Assert.Equal("deploy/docker/Dockerfile", build["dockerfile"]);
        Assert.Equal(name, ComposeFile.Map(build, "args")["SERVICE"]);
        Assert.True(Directory.Exists(Path.Combine(ServiceBinaries.RepositoryRoot, "services", name)), $"services/{name} does not exist");
    }

    [Theory]
    [MemberData(nameof(FleetServices))]
    public void FleetService_HealthCheckIsTheServiceBinaryInExecForm(string name)
    {
        var service = Compose.Services[name];

        Assert.Equal(["CMD", "/app/fleet-service", "--health-check"], service.HealthCheckTest);
        Assert.Equal("8080", service.Environment["Fleet__Http__Port"]);
    }

    [Fact]
    public void EveryHealthCheck_ExecForm()
    {
        foreach (var service in Compose.Services.Values.Where(s => s.HasHealthCheck))
        {
            Assert.True(service.HealthCheckTest is ["CMD", ..], $"{service.Name}: the health check is not in exec form ([\"CMD\", ...]).");
        }
    }

    [Theory]
    [MemberData(nameof(FleetServices))]
    public void FleetService_RedisUrlIsItsOwnAclUser(string name)
    {
        var variable = "REDIS_PASSWORD_" + name.ToUpperInvariant().Replace('-', '_');
        var service = Compose.Services[name];

        Assert.Equal($"redis://{name}:${{{variable}}}@redis:6379", service.Environment["ConnectionStrings__Redis"]);
        Assert.False(service.Environment.ContainsKey("REDIS_URL"), $"{name}: REDIS_URL would be ignored next to ConnectionStrings__Redis");
        // The user exists in the ACL template, enabled, with that variable's password; redis-server's container gets the variable.
        Assert.Matches(new Regex($@"^user {Regex.Escape(name)} on resetpass @{variable}@ ", RegexOptions.Multiline), AclTemplate);
        Assert.Equal($"${{{variable}:?run deploy/docker/new-env.sh or copy .env.example to .env}}", Compose.Services["redis"].Environment[variable]);
    }

    [Fact]
    public void Redis_GetsEveryPasswordTheAclTemplateNames()
    {
        var placeholders = AclPlaceholder().Matches(AclTemplate).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(placeholders);
        Assert.Subset(Compose.Services["redis"].Environment.Keys.ToHashSet(StringComparer.Ordinal), placeholders);
    }

    [Theory]
    [MemberData(nameof(FleetServices))]
    public void FleetService_DependsOnRedisHealthy(string name)
    {
        var dependsOn = Compose.Services[name].DependsOn;

        Assert.Equal("service_healthy", dependsOn["redis"]);
        Assert.Equal(name == ServiceBinaries.EventGateway ? "service_healthy" : null, dependsOn.GetValueOrDefault("postgres"));
        Assert.All(dependsOn.Keys, dependency => Assert.Contains(dependency, Compose.Services.Keys));
    }

    [Theory]
    [MemberData(nameof(FleetServices))]
    public void FleetService_HardenedAndRestarted(string name)
    {
        var service = Compose.Services[name];

        Assert.Equal("unless-stopped", service.Scalar("restart"));
        Assert.Equal("true", service.Scalar("read_only"));
        Assert.Equal(["ALL"], service.List("cap_drop"));
        Assert.Contains("no-new-privileges:true", service.List("security_opt"));
        Assert.Contains("/tmp", service.Tmpfs);
        // Longer than Fleet:ShutdownTimeout's default of 30 s, so in-flight work is acknowledged before a SIGKILL.
        Assert.Equal("40s", service.Scalar("stop_grace_period"));
        Assert.Equal("http://jaeger:4317", service.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
    }

    [Theory]
    [MemberData(nameof(FleetServices))]
    public void FleetService_OutboxOnItsOwnVolumeOneDirectoryPerReplica(string name)
    {
        var service = Compose.Services[name];
        var directory = service.Environment["Fleet__Events__Outbox__Directory"];

        Assert.Equal("Outbox", service.Environment["Fleet__Events__WhenUnavailable"]);
        Assert.EndsWith("/{instance}", directory, StringComparison.Ordinal);
        var volume = Assert.Single(service.NamedVolumes, v => v.Target == directory[..^"/{instance}".Length]);
        Assert.Equal($"{name}-outbox", volume.Volume);
        Assert.False(volume.ReadOnly);
    }

    [Fact]
    public void FileProcessor_UploadsVolumeAtItsStorageRootReadOnly()
    {
        var service = Compose.Services[ServiceBinaries.FileProcessor];

        var uploads = Assert.Single(service.NamedVolumes, v => v.Volume == "uploads");
        Assert.Equal(service.Environment["FileProcessor__StorageRoot"], uploads.Target);
        Assert.True(uploads.ReadOnly);
    }

    [Fact]
    public void Volumes_EveryNamedVolumeDefinedAndEveryDefinedOneUsed()
    {
        var used = Compose.Services.Values.SelectMany(s => s.NamedVolumes.Select(v => v.Volume)).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(used.Order(StringComparer.Ordinal), Compose.Volumes.Order(StringComparer.Ordinal));
        Assert.Contains("redis-data", used);
        Assert.Contains("uploads", used);
    }

    [Fact]
    public void BindMounts_PointAtFilesOfTheRepository()
    {
        var binds = Compose.Services.Values.SelectMany(s => s.Volumes).Where(v => v.StartsWith("./", StringComparison.Ordinal)).Select(v => v.Split(':')[0]).ToList();

        Assert.Contains("./deploy/redis", binds);
        Assert.Contains("./deploy/prometheus", binds);
        Assert.All(binds, bind => Assert.True(Path.Exists(Path.Combine(ServiceBinaries.RepositoryRoot, bind)), $"{bind} does not exist"));
        Assert.True(File.Exists(Path.Combine(ServiceBinaries.RepositoryRoot, "deploy", "prometheus", "prometheus.yml")), "deploy/prometheus/prometheus.yml is missing");
    }

    [Fact]
    public void Replicas_ScaledServicesHaveNoContainerNameAndNoFixedHostPort()
    {
        Assert.All(Compose.Services.Values, service => Assert.Null(service.Scalar("container_name")));
        var scaled = Compose.Services.Values.Where(s => s.Replicas > 1).ToList();
        Assert.Contains(scaled, s => s.Name == ServiceBinaries.FileProcessor);
        Assert.Contains(scaled, s => s.Name == ServiceBinaries.EmbeddingGenerator);
        // A fixed host port can be bound once: a scaled service publishes only a free one per replica (127.0.0.1::8080).
        Assert.All(scaled.SelectMany(s => s.Ports), port => Assert.Equal("127.0.0.1::8080", port));
    }

    [Fact]
    public void Ports_PublishedOnLoopbackOnly()
    {
        Assert.All(Compose.Services.Values.SelectMany(s => s.Ports), port => Assert.StartsWith("127.0.0.1:", port, StringComparison.Ordinal));
        Assert.Contains(Compose.Services["jaeger"].Ports, p => p.EndsWith(":16686", StringComparison.Ordinal));
        Assert.Contains(Compose.Services["jaeger"].Ports, p => p.EndsWith(":4317", StringComparison.Ordinal));
        Assert.Contains(Compose.Services["jaeger"].Ports, p => p.EndsWith(":4318", StringComparison.Ordinal));
        Assert.Contains(Compose.Services["prometheus"].Ports, p => p.EndsWith(":9090", StringComparison.Ordinal));
        Assert.Contains(Compose.Services[ServiceBinaries.EventGateway].Ports, p => p.EndsWith(":8080", StringComparison.Ordinal));
    }

    [Fact]
    public void Variables_EveryOneInEnvExampleAndEveryExampleOneUsed()
    {
        var listed = EnvExample.Variables.Keys.ToHashSet(StringComparer.Ordinal);

        Assert.Empty(Compose.Variables.Except(listed));
        Assert.Empty(listed.Except(Compose.Variables));
    }

    [Fact]
    public void EnvExample_SecretsArePlaceholdersNeverValues()
    {
        var secrets = EnvExample.Variables.Where(v => Secret().IsMatch(v.Key)).ToList();

        Assert.Equal(12, secrets.Count);
        Assert.All(secrets, secret => Assert.Equal(string.Empty, secret.Value));
        // A missing secret stops `docker compose up` with a message instead of starting with an empty password.
        Assert.All(secrets, secret => Assert.Contains($"${{{secret.Key}:?", Compose.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Redis_AofEverySecondNoEvictionAndTheRenderedAclFile()
    {
        var redis = Compose.Services["redis"];
        var config = File.ReadAllLines(Path.Combine(ServiceBinaries.RepositoryRoot, "deploy", "redis", "redis.conf"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var command = string.Join(' ', redis.List("command"));

        Assert.StartsWith("redis:7", redis.Image, StringComparison.Ordinal);
        Assert.Equal("yes", config["appendonly"]);
        Assert.Equal("everysec", config["appendfsync"]);
        Assert.Equal("noeviction", config["maxmemory-policy"]);
        Assert.Equal("/data", config["dir"]);
        Assert.Equal("/run/redis/users.acl", config["aclfile"]);
        Assert.Contains(redis.NamedVolumes, v => v is { Volume: "redis-data", Target: "/data" });
        Assert.Contains(redis.Tmpfs, t => t.StartsWith("/run/redis:", StringComparison.Ordinal));
        Assert.Contains("./deploy/redis:/usr/local/etc/redis:ro", redis.Volumes);
        Assert.Contains("sh /usr/local/etc/redis/render-acl.sh /usr/local/etc/redis/users.acl /run/redis/users.acl && exec redis-server /usr/local/etc/redis/redis.conf", command, StringComparison.Ordinal);
        Assert.Equal(["CMD", "redis-cli", "--no-auth-warning", "--user", "operator", "ping"], redis.HealthCheckTest);
    }

    [Fact]
    public void Postgres_CredentialsFromTheEnvironmentDataOnAVolume()
    {
        var postgres = Compose.Services["postgres"];
        var gateway = Compose.Services[ServiceBinaries.EventGateway].Environment;

        Assert.Equal("${POSTGRES_PASSWORD:?run deploy/docker/new-env.sh or copy .env.example to .env}", postgres.Environment["POSTGRES_PASSWORD"]);
        Assert.Contains(postgres.NamedVolumes, v => v is { Volume: "postgres-data", Target: "/var/lib/postgresql/data" });
        Assert.Equal($"Host=postgres;Port=5432;Username={postgres.Environment["POSTGRES_USER"]};Password=${{POSTGRES_PASSWORD}};Database={postgres.Environment["POSTGRES_DB"]}", gateway["ConnectionStrings__Archive"]);
        Assert.Equal("${GATEWAY_ADMIN_KEY:?run deploy/docker/new-env.sh or copy .env.example to .env}", gateway["Gateway__ApiKeys__Admin__0"]);
        Assert.Equal("${GATEWAY_READ_KEY:?run deploy/docker/new-env.sh or copy .env.example to .env}", gateway["Gateway__ApiKeys__ReadOnly__0"]);
    }

    private static string AclTemplate { get; } = File.ReadAllText(Path.Combine(ServiceBinaries.RepositoryRoot, "deploy", "redis", "users.acl"));

    [GeneratedRegex("@(?<name>REDIS_PASSWORD_[A-Z0-9_]+)@")]
    private static partial Regex AclPlaceholder();

    [GeneratedRegex("PASSWORD|_KEY$|SECRET")]
    private static partial Regex Secret();
}
