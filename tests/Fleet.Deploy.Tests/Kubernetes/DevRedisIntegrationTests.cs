using System.Diagnostics;
using System.Globalization;
using Fleet.Redis;
using Fleet.Testing;
using Fleet.Testing.Processes;
using YamlDotNet.RepresentationModel;

namespace Fleet.Deploy.Tests.Kubernetes;

/// <summary>
/// The dev overlay's Redis pod, run here as its two containers would run: the initContainer's command (render-acl.sh
/// from the ConfigMap, with the Secret's passwords) and then redis-server with the container's arguments, each volume a
/// directory. The ACL users log in with their passwords, the default user cannot, and the server runs with AOF
/// everysec and noeviction.
/// </summary>
public sealed class DevRedisIntegrationTests : IDisposable
{
    private const string RedisHint = "install it with apt-get install -y redis-server (deploy/local/ensure.sh redis).";

    private static readonly RenderedManifests Dev = Kustomize.Render(Kustomize.Dev);
    private readonly string _directory = Directory.CreateTempSubdirectory("fleet-k8s-redis-").FullName;

    [Fact]
    public async Task RedisPod_StartsWithTheAclItsInitContainerRendersFromTheSecret()
    {
        var statefulSet = Dev.Single("StatefulSet", "redis");
        var secrets = new TestSecrets(archiveConnectionString: "unused");
        var volumes = statefulSet.PodSpec.Items("volumes").ToDictionary(v => v.Text("name")!, StringComparer.Ordinal);
        foreach (var (name, volume) in volumes)
        {
            Directory.CreateDirectory(Path.Combine(_directory, name));
            if (volume.Text("configMap", "name") is { } configMap)
            {
                foreach (var (file, content) in Dev.ConfigMapData(configMap))
                {
                    await File.WriteAllTextAsync(Path.Combine(_directory, name, file), content, TestContext.Current.CancellationToken);
                }
            }
        }

        Directory.CreateDirectory(Path.Combine(_directory, "data"));
        var init = Assert.Single(statefulSet.PodSpec.Items("initContainers"));
        var command = Local(init, Words(init, "command"));
        var environment = secrets.All(Assert.Single(init.Items("envFrom")).Text("secretRef", "name")!);
        var (exitCode, output) = await RunAsync(Executables.Find(command[0], "a POSIX shell"), command[1..], environment);
        Assert.True(exitCode == 0, $"The initContainer's {string.Join(' ', command)} failed: {output}");
        Assert.All(environment.Values, password => Assert.DoesNotContain(password, output, StringComparison.Ordinal));

        var container = statefulSet.Container;
        var arguments = Local(container, Words(container, "args"));
        var port = FreePort.Next();
        using var server = Process.Start(new ProcessStartInfo(Executables.Find(arguments[0], RedisHint), [.. arguments[1..], "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            var admin = await ConnectAsync($"redis://admin:{secrets.Get(TestSecrets.RedisPasswords, TestSecrets.PasswordKey("admin"))}@127.0.0.1:{port}", server);
            await using (admin)
            {
                Assert.Equal("yes", await ConfigAsync(admin, "appendonly"));
                Assert.Equal("everysec", await ConfigAsync(admin, "appendfsync"));
                Assert.Equal("noeviction", await ConfigAsync(admin, "maxmemory-policy"));
            }

            foreach (var service in FleetDeployments.Names)
            {
                await using var client = await RedisClient.ConnectAsync($"redis://{service}:{secrets.Get(TestSecrets.RedisPasswords, TestSecrets.PasswordKey(service))}@127.0.0.1:{port}", TestContext.Current.CancellationToken);
                Assert.Equal("PONG", (await client.ExecuteAsync("PING")).ToString());
            }

            // The default user is off: without a user and password nothing is allowed (at the handshake or at the command).
            var refused = await Record.ExceptionAsync(async () =>
            {
                await using var anonymous = await RedisClient.ConnectAsync($"redis://127.0.0.1:{port}", TestContext.Current.CancellationToken);
                (await anonymous.ExecuteAsync("XLEN", "fleet:{user.events}")).ThrowIfError();
            });
            Assert.IsAssignableFrom<RedisException>(refused);
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static List<string> Words(YamlNode container, string field) =>
        [.. container.Items(field).Select(w => ((YamlScalarNode)w).Value!)];

    /// <summary>The words with each of the container's mount paths replaced by its volume's directory here.</summary>
    private List<string> Local(YamlNode container, List<string> words)
    {
        var mounts = container.Items("volumeMounts").Select(m => (Path: m.Text("mountPath")!, Local: Path.Combine(_directory, m.Text("name")!))).ToList();
        return [.. words.Select(word => mounts.FirstOrDefault(m => word == m.Path || word.StartsWith(m.Path + "/", StringComparison.Ordinal)) is { Path: not null } mount
            ? mount.Local + word[mount.Path.Length..]
            : word)];
    }

    private static async Task<RedisClient> ConnectAsync(string url, Process server) =>
        await Eventually.UntilAsync(
            async () =>
            {
                if (server.HasExited)
                {
                    throw new InvalidOperationException($"redis-server exited with {server.ExitCode}: {await server.StandardOutput.ReadToEndAsync()}");
                }

                try
                {
                    return await RedisClient.ConnectAsync(url);
                }
                catch (Exception e) when (e is RedisException or IOException or System.Net.Sockets.SocketException)
                {
                    return null;
                }
            },
            client => client is not null,
            "redis-server accepts the admin user")
        ?? throw new InvalidOperationException("Unreachable.");

    private static async Task<string> ConfigAsync(RedisClient client, string parameter) =>
        (await client.ExecuteAsync("CONFIG", "GET", parameter))[1].ToString();

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
