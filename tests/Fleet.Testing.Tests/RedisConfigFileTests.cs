using Fleet.Testing.Configuration;
using Fleet.Testing.Tls;

namespace Fleet.Testing.Tests;

public sealed class RedisConfigFileTests
{
    [Fact]
    public void Quote_QuotesBackslashesAndControlCharacters_EscapesThem()
    {
        Assert.Equal("\"a \\\"b\\\\c\\x0ad\"", RedisConfigFile.Quote("a \"b\\c\nd"));
    }

    [Fact]
    public void Render_Plain_DisablesPersistenceAndBindsLoopbackPort()
    {
        var lines = Lines(RedisConfigFile.Render(new RedisServerOptions(), "/tmp/x", 7001, null));

        Assert.Contains("bind 127.0.0.1", lines);
        Assert.Contains("port 7001", lines);
        Assert.Contains("save \"\"", lines);
        Assert.Contains("appendonly no", lines);
        Assert.Contains("daemonize no", lines);
        Assert.Contains("logfile \"/tmp/x/redis.log\"", lines);
        Assert.DoesNotContain(lines, line => line.StartsWith("requirepass", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_AppendOnly_FsyncsEveryWriteAndKeepsDefaultSavePoints()
    {
        var lines = Lines(RedisConfigFile.Render(new RedisServerOptions { AppendOnly = true }, "/tmp/x", 7001, null));

        Assert.Contains("appendonly yes", lines);
        Assert.Contains("appendfsync always", lines);
        Assert.DoesNotContain("save \"\"", lines);
    }

    [Fact]
    public void Render_Tls_DisablesPlainPort()
    {
        var tls = new TlsFiles("/t/ca.crt", "/t/server.crt", "/t/server.key");

        var lines = Lines(RedisConfigFile.Render(new RedisServerOptions(), "/tmp/x", 7002, tls));

        Assert.Contains("port 0", lines);
        Assert.Contains("tls-port 7002", lines);
        Assert.Contains("tls-auth-clients no", lines);
        Assert.Contains("tls-ca-cert-file \"/t/ca.crt\"", lines);
    }

    [Fact]
    public void Render_PasswordAclUsersAndExtraConfig_WritesDirectivesWithExtraLast()
    {
        var options = new RedisServerOptions
        {
            Password = "pw",
            AclUsers = [new RedisAclUser("app", "s e", "~fleet:*  &* +@all")],
            ExtraConfig = new Dictionary<string, string> { ["maxmemory"] = "10mb" },
        };

        var lines = Lines(RedisConfigFile.Render(options, "/tmp/x", 7001, null));

        Assert.Contains("requirepass \"pw\"", lines);
        Assert.Contains("user \"app\" on \">s e\" \"~fleet:*\" \"&*\" \"+@all\"", lines);
        Assert.Equal("maxmemory 10mb", lines[^1]);
    }

    [Fact]
    public void Render_AclUserNameWithSpace_Throws()
    {
        var options = new RedisServerOptions { AclUsers = [new RedisAclUser("a b", "pw", "+@all")] };

        Assert.Throws<ArgumentException>(() => RedisConfigFile.Render(options, "/tmp/x", 7001, null));
    }

    [Fact]
    public void Render_UserAndPassword_WritesNoRequirepass()
    {
        // The harness authenticates as an aclfile user; requirepass would give the default user (off there) a password.
        var options = new RedisServerOptions { User = "admin", Password = "pw", ExtraConfig = new Dictionary<string, string> { ["aclfile"] = "\"/t/users.acl\"" } };

        var lines = Lines(RedisConfigFile.Render(options, "/tmp/x", 7001, null));

        Assert.DoesNotContain(lines, line => line.StartsWith("requirepass", StringComparison.Ordinal));
        Assert.Equal("aclfile \"/t/users.acl\"", lines[^1]);
    }

    [Fact]
    public void Render_AclUsersAndAclFile_Throws()
    {
        // redis-server refuses `user` directives together with an aclfile; say so before starting it.
        var options = new RedisServerOptions
        {
            AclUsers = [new RedisAclUser("app", "pw", "+@all")],
            ExtraConfig = new Dictionary<string, string> { ["aclfile"] = "/t/users.acl" },
        };

        var error = Assert.Throws<ArgumentException>(() => RedisConfigFile.Render(options, "/tmp/x", 7001, null));
        Assert.Contains("aclfile", error.Message, StringComparison.Ordinal);
    }

    private static string[] Lines(string config) => config.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
