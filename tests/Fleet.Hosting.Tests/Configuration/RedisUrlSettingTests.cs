using Fleet.Hosting.Configuration;
using Microsoft.Extensions.Configuration;

namespace Fleet.Hosting.Tests.Configuration;

public sealed class RedisUrlSettingTests
{
    [Fact]
    public void Read_NeitherConnectionStringNorVariable_SaysWhatToSet()
    {
        var setting = RedisUrlSetting.Read(Configuration([]));

        Assert.Null(setting.Options);
        Assert.Equal("ConnectionStrings:Redis is missing: set ConnectionStrings__Redis or REDIS_URL to redis://host:port", setting.Problem);
    }

    [Fact]
    public void Read_BothSet_ConnectionStringWins()
    {
        var setting = RedisUrlSetting.Read(Configuration(new()
        {
            ["ConnectionStrings:Redis"] = "redis://primary:6380/3",
            ["REDIS_URL"] = "redis://fallback:6379",
        }));

        Assert.Null(setting.Problem);
        Assert.Equal("primary", setting.Options!.Host);
        Assert.Equal(6380, setting.Options.Port);
        Assert.Equal(3, setting.Options.Database);
    }

    [Fact]
    public void Read_OnlyRedisUrl_ParsesUserPasswordTlsAndDatabase()
    {
        var setting = RedisUrlSetting.Read(Configuration(new() { ["REDIS_URL"] = "rediss://app:s3cret-pw@cache.internal:6390/2" }));

        Assert.Null(setting.Problem);
        Assert.True(setting.Options!.UseTls);
        Assert.Equal(("app", "s3cret-pw", "cache.internal", 6390, 2), (setting.Options.User, setting.Options.Password, setting.Options.Host, setting.Options.Port, setting.Options.Database));
    }

    [Fact]
    public void Parse_Malformed_NamesTheOptionAndItsSourceButNotThePassword()
    {
        var setting = RedisUrlSetting.Parse("redis://app:s3cret-pw@cache:notaport", fromVariable: true);

        Assert.StartsWith("ConnectionStrings:Redis (from REDIS_URL) is not a valid Redis URL: ", setting.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", setting.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PortZero_NamesTheOptionAndThePort()
    {
        var setting = RedisUrlSetting.Parse("redis://cache:0", fromVariable: false);

        Assert.StartsWith("ConnectionStrings:Redis is not a valid Redis URL: ", setting.Problem, StringComparison.Ordinal);
        Assert.Contains("Port must be 1-65535, not 0", setting.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownScheme_NamesTheOption()
    {
        var setting = RedisUrlSetting.Parse("http://cache:6379", fromVariable: false);

        Assert.StartsWith("ConnectionStrings:Redis is not a valid Redis URL: ", setting.Problem, StringComparison.Ordinal);
        Assert.Contains("redis://", setting.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redis://app:p@ss-word@cache:99999", "ss-word")]
    [InlineData("redis://app:p%40ss-word@cache:99999", "p@ss-word")]
    [InlineData("redis://only-a-password@cache:99999", "only-a-password")]
    public void Parse_PasswordAnywhereInTheUrl_NeverInTheMessage(string url, string secret)
    {
        var setting = RedisUrlSetting.Parse(url, fromVariable: false);

        Assert.NotNull(setting.Problem);
        Assert.DoesNotContain(secret, setting.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, setting.Mask.Apply($"a log record quoting {url}"), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ShortPasswordInTheDetails_WithholdsTheDetails()
    {
        // Fleet.Redis quotes the URL up to its first '@', which leaves "w@cache" of the password "p@w" readable.
        var setting = RedisUrlSetting.Parse("redis://u:p@w@cache:99999", fromVariable: false);

        Assert.DoesNotContain("@w@", setting.Problem, StringComparison.Ordinal);
        Assert.Contains("details withheld", setting.Problem, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
