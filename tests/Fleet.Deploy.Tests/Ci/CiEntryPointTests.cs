using Fleet.Testing.Processes;

namespace Fleet.Deploy.Tests.Ci;

/// <summary>
/// CI runs <c>.ci/run</c> on a clean clone: it must run the test command README gives users, after installing every server
/// program the tests start themselves (DESIGN.md section 12).
/// </summary>
public sealed class CiEntryPointTests
{
    private static readonly string Script = File.ReadAllText(Path.Combine(ServiceBinaries.RepositoryRoot, ".ci", "run"));

    [Fact]
    public void RunsTheTestCommandReadmeGives()
    {
        var readme = File.ReadAllText(Path.Combine(ServiceBinaries.RepositoryRoot, "README.md"));
        Assert.Contains("make test", readme, StringComparison.Ordinal);
        var commands = Commands(Script);
        Assert.Equal("make test", commands[^1]);
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("postgres")]
    [InlineData("chromium")]
    [InlineData("promtool")]
    public void InstallsWhatTheTestsStartBeforeRunningThem(string program)
    {
        var commands = Commands(Script);
        var install = commands.IndexOf($"deploy/local/ensure.sh {program}");
        Assert.True(install >= 0, $".ci/run never runs deploy/local/ensure.sh {program}: {string.Join(" | ", commands)}");
        Assert.True(install < commands.IndexOf("make test"), $".ci/run installs {program} after running the tests.");
    }

    /// <summary>The script's command lines, without comments, blank lines and shell settings.</summary>
    private static List<string> Commands(string script) =>
        script.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#') && !line.StartsWith("set ", StringComparison.Ordinal) && !line.StartsWith("cd ", StringComparison.Ordinal))
            .ToList();
}
