using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Fleet.Testing.Acl;

namespace Fleet.Deploy.Tests.Acl;

/// <summary>
/// deploy/redis/render-acl.sh run with /bin/sh as compose and Kubernetes run it: one <c>user</c> line per user with the
/// SHA-256 of its password, no clear-text password anywhere, mode 0600; a missing, empty or URL-unsafe password fails
/// naming its variable, prints no password and writes nothing.
/// </summary>
public sealed class RenderAclScriptTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fleet-acl-render-").FullName;

    public static TheoryData<string> Users => [.. FleetAclFile.Users];

    private string Output => Path.Combine(_directory, "users.acl");

    [Fact]
    public async Task Render_EveryPasswordSet_OneUserLineEachWithItsHashOnly()
    {
        var passwords = Passwords();
        var run = await RunAsync(passwords);

        Assert.True(run.ExitCode == 0, $"render-acl.sh exited {run.ExitCode}: {run.StandardError}");
        var text = await File.ReadAllTextAsync(Output, TestContext.Current.CancellationToken);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.StartsWith("user ", line, StringComparison.Ordinal));
        Assert.Equal(["default", .. FleetAclFile.Users], lines.Select(line => line.Split(' ')[1]));
        Assert.StartsWith("user default off ", lines[0], StringComparison.Ordinal);
        foreach (var user in FleetAclFile.Users)
        {
            var line = Assert.Single(lines, l => l.Split(' ')[1] == user);
            var hashes = line.Split(' ').Where(word => word.StartsWith('#')).ToList();
            Assert.Equal(["#" + Sha256(passwords[FleetAclFile.PasswordVariable(user)])], hashes);
        }

        Assert.All(passwords.Values, password => Assert.DoesNotContain(password, text, StringComparison.Ordinal));
        Assert.DoesNotContain("@REDIS_PASSWORD_", text, StringComparison.Ordinal);
        Assert.Empty(run.StandardOutput + run.StandardError);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")] // render-acl.sh is a POSIX sh script; file modes are Unix's.
    public async Task Render_Output_ReadableByItsOwnerOnly()
    {
        var run = await RunAsync(Passwords());

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Output));
    }

    [Theory]
    [MemberData(nameof(Users))]
    public async Task Render_PasswordMissing_FailsNamingItsVariable(string user)
    {
        var passwords = Passwords();
        var variable = FleetAclFile.PasswordVariable(user);
        passwords.Remove(variable);

        var run = await RunAsync(passwords);

        AssertFailedNaming(run, variable, passwords);
    }

    [Theory]
    [MemberData(nameof(Users))]
    public async Task Render_PasswordEmpty_FailsNamingItsVariable(string user)
    {
        var passwords = Passwords();
        var variable = FleetAclFile.PasswordVariable(user);
        passwords[variable] = string.Empty;

        var run = await RunAsync(passwords);

        AssertFailedNaming(run, variable, passwords);
    }

    [Theory]
    [InlineData("p@ss:word")]
    [InlineData("with space")]
    [InlineData("slash/and+plus=")]
    [InlineData("quote\"dollar$")]
    public async Task Render_PasswordNotUrlSafe_FailsNamingItsVariableWithoutPrintingIt(string password)
    {
        var passwords = Passwords();
        var variable = FleetAclFile.PasswordVariable(FleetAclFile.Notifier);
        passwords[variable] = password;

        var run = await RunAsync(passwords);

        AssertFailedNaming(run, variable, passwords);
        Assert.Contains("URL-safe", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_TwoPasswordsMissing_NamesBoth()
    {
        var passwords = Passwords();
        passwords.Remove(FleetAclFile.PasswordVariable(FleetAclFile.Admin));
        passwords.Remove(FleetAclFile.PasswordVariable(FleetAclFile.FileProcessor));

        var run = await RunAsync(passwords);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("REDIS_PASSWORD_ADMIN", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("REDIS_PASSWORD_FILE_PROCESSOR", run.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Dictionary<string, string> Passwords() =>
        FleetAclFile.Users.ToDictionary(FleetAclFile.PasswordVariable, _ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), StringComparer.Ordinal);

    private static string Sha256(string password) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(password)));

    private void AssertFailedNaming(AclScriptRun run, string variable, IReadOnlyDictionary<string, string> passwords)
    {
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(variable, run.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Output), "render-acl.sh wrote its output although it failed.");
        Assert.Empty(Directory.GetFiles(_directory));
        Assert.All(passwords.Values.Where(p => p.Length > 0), password =>
            Assert.DoesNotContain(password, run.StandardOutput + run.StandardError, StringComparison.Ordinal));
    }

    private Task<AclScriptRun> RunAsync(IReadOnlyDictionary<string, string> passwords) =>
        AclRenderScript.RunAsync(AclRenderScript.TemplatePath, Output, passwords, TestContext.Current.CancellationToken);
}
