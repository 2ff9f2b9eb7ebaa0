using Fleet.Testing.Configuration;

namespace Fleet.Testing.Tests;

/// <summary>
/// The container path of <see cref="RedisServer"/> as far as a machine without a Docker engine can check it: asked for
/// and no engine answering, it fails at once saying what to do; a test that needs a local process is refused before
/// any engine is asked; the configuration it maps into the container. Starting a real container needs an engine
/// (docs/end-to-end-tests.md).
/// </summary>
public sealed class RedisServerContainerTests
{
    [Fact]
    public async Task StartAsync_ContainerAskedAndNoEngineAnswers_FailsNamingTheVariableAndTheWayOut()
    {
        var directory = Directory.CreateTempSubdirectory("fleet-no-docker-");
        try
        {
            var endpoint = "unix://" + Path.Combine(directory.FullName, "docker.sock");

            var error = await Assert.ThrowsAsync<InvalidOperationException>(
                () => RedisServer.StartWithBackendAsync(null, RedisBackend.Container, endpoint, TestContext.Current.CancellationToken));

            Assert.StartsWith("FLEET_TEST_REDIS=container asks for Redis in a Docker container, but no Docker engine answered (", error.Message, StringComparison.Ordinal);
            Assert.EndsWith("Start Docker (or point DOCKER_HOST at an engine), or unset FLEET_TEST_REDIS to use a local redis-server.", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(true, false, "TLS")]
    [InlineData(false, true, "the append-only file")]
    public async Task StartAsync_ContainerAskedForWhatOnlyAProcessGives_RefusedBeforeAskingAnEngine(bool tls, bool appendOnly, string what)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => RedisServer.StartWithBackendAsync(new RedisServerOptions { Tls = tls, AppendOnly = appendOnly }, RedisBackend.Container, "unix:///nonexistent/docker.sock", TestContext.Current.CancellationToken));

        Assert.Equal(
            $"This test asks for {what}, which needs a local redis-server process, not a container: install redis-server and leave FLEET_TEST_REDIS unset (or set it to local).",
            error.Message);
    }

    [Fact]
    public void RenderForContainer_PasswordUsersAndExtra_KeptWithoutHostPaths()
    {
        var lines = RedisConfigFile.RenderForContainer(new RedisServerOptions
        {
            Password = "pw",
            AclUsers = [new RedisAclUser("app", "secret", "~fleet:* +@all")],
            ExtraConfig = new Dictionary<string, string> { ["maxmemory"] = "64mb" },
        }).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(
            ["protected-mode no", "save \"\"", "appendonly no", "requirepass \"pw\"", "user \"app\" on \">secret\" \"~fleet:*\" \"+@all\"", "maxmemory 64mb"],
            lines);
    }
}
