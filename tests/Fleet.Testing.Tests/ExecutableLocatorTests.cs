using Fleet.Testing.Processes;

namespace Fleet.Testing.Tests;

public sealed class ExecutableLocatorTests
{
    [Fact]
    public void Find_NotOnPath_ThrowsWithInstallInstructions()
    {
        var emptyDirectory = Directory.CreateTempSubdirectory("fleet-path-");
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => ExecutableLocator.Find("redis-server", emptyDirectory.FullName));

            Assert.Equal(
                "redis-server was not found on PATH. Install it with: apt-get install -y redis-server (Debian/Ubuntu), or brew install redis (macOS)",
                error.Message);
        }
        finally
        {
            emptyDirectory.Delete();
        }
    }

    [Fact]
    public void Find_OnPath_ReturnsFullPath()
    {
        var path = ExecutableLocator.Find("redis-server");

        Assert.True(Path.IsPathFullyQualified(path));
        Assert.EndsWith("redis-server", path, StringComparison.Ordinal);
    }
}
