namespace Fleet.Testing.Tests;

public sealed class RedisBackendSelectionTests
{
    [Theory]
    [InlineData(null, nameof(RedisBackend.Auto))]
    [InlineData("", nameof(RedisBackend.Auto))]
    [InlineData("auto", nameof(RedisBackend.Auto))]
    [InlineData("local", nameof(RedisBackend.Local))]
    [InlineData(" Container ", nameof(RedisBackend.Container))]
    public void Parse_KnownWord_Backend(string? value, string expected) =>
        Assert.Equal(Enum.Parse<RedisBackend>(expected), RedisBackendSelection.Parse(value));

    [Fact]
    public void Parse_OtherWord_FailsListingTheWords()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RedisBackendSelection.Parse("docker"));

        Assert.Equal("FLEET_TEST_REDIS='docker' is not a Redis backend: use auto (the default), local or container.", error.Message);
    }

    [Fact]
    public void UsesContainer_AutoWithRedisServerOnPath_LocalProcess()
    {
        var directory = Directory.CreateTempSubdirectory("fleet-path-");
        try
        {
            var fake = Path.Combine(directory.FullName, "redis-server");
            File.WriteAllText(fake, "#!/bin/sh\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            }

            Assert.False(RedisBackendSelection.UsesContainer(RedisBackend.Auto, directory.FullName));
            Assert.True(RedisBackendSelection.UsesContainer(RedisBackend.Container, directory.FullName));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void UsesContainer_AutoWithoutRedisServer_Container()
    {
        var directory = Directory.CreateTempSubdirectory("fleet-path-");
        try
        {
            Assert.True(RedisBackendSelection.UsesContainer(RedisBackend.Auto, directory.FullName));
            Assert.False(RedisBackendSelection.UsesContainer(RedisBackend.Local, directory.FullName));
        }
        finally
        {
            directory.Delete();
        }
    }
}
