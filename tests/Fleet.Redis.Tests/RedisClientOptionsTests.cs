namespace Fleet.Redis.Tests;

public sealed class RedisClientOptionsTests
{
    [Fact]
    public void Parse_FullUrl_ReadsEveryPart()
    {
        var options = RedisClientOptions.Parse("redis://app:p%40ss@cache.internal:6380/2?client_name=worker&timeout=250ms&connect_timeout=2s&protocol=2");

        Assert.Equal("cache.internal", options.Host);
        Assert.Equal(6380, options.Port);
        Assert.Equal(2, options.Database);
        Assert.Equal("app", options.User);
        Assert.Equal("p@ss", options.Password);
        Assert.Equal("worker", options.ClientName);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.CommandTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), options.ConnectTimeout);
        Assert.Equal(RedisProtocol.Resp2, options.Protocol);
        Assert.False(options.UseTls);
    }

    [Fact]
    public void Parse_HostOnly_UsesDefaults()
    {
        var options = RedisClientOptions.Parse("redis://localhost");

        Assert.Equal(6379, options.Port);
        Assert.Equal(0, options.Database);
        Assert.Null(options.User);
        Assert.Null(options.Password);
        Assert.Equal(RedisProtocol.Resp3, options.Protocol);
    }

    [Fact]
    public void Parse_PasswordWithoutUser_IsDefaultUserPassword()
    {
        var options = RedisClientOptions.Parse("redis://:secret@localhost:6379");

        Assert.Null(options.User);
        Assert.Equal("secret", options.Password);
    }

    [Fact]
    public void Parse_Rediss_EnablesTlsWithCaFile()
    {
        var options = RedisClientOptions.Parse("rediss://redis.example:6390?tls_ca=%2Fetc%2Fca.pem");

        Assert.True(options.UseTls);
        Assert.Equal("/etc/ca.pem", options.TlsCaFile);
        Assert.False(options.TlsSkipVerify);
    }

    [Fact]
    public void Parse_UnixSocket_ReadsPathAndDatabase()
    {
        var options = RedisClientOptions.Parse("unix:///var/run/redis/redis.sock?db=4");

        Assert.Equal("/var/run/redis/redis.sock", options.UnixSocketPath);
        Assert.Equal(4, options.Database);
    }

    [Fact]
    public void Parse_Ipv6Host_StripsBrackets()
    {
        Assert.Equal("::1", RedisClientOptions.Parse("redis://[::1]:7000").Host);
    }

    [Theory]
    [InlineData("http://localhost:6379", "scheme")]
    [InlineData("redis://localhost/abc", "database")]
    [InlineData("redis://localhost?protocol=4", "protocol")]
    [InlineData("redis://localhost?timeout=soon", "timeout")]
    [InlineData("redis://localhost?colour=blue", "unknown setting 'colour'")]
    [InlineData("not a url", "not a Redis URL")]
    public void Parse_BadUrl_ThrowsNamingTheProblem(string url, string expected)
    {
        var error = Assert.Throws<FormatException>(() => RedisClientOptions.Parse(url));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redis://user:hunter2@localhost/notanumber", "hunter2")]
    [InlineData("redis://user:hun@qt7v@localhost/notanumber", "qt7v")]
    [InlineData("redis://:p@ss@zq9x@localhost:6379/x", "zq9x")]
    [InlineData("redis://user:pa/zq8w@localhost:6379/0", "zq8w")]
    public void Parse_BadUrlWithPassword_NeverShowsThePassword(string url, string secretPart)
    {
        var error = Assert.Throws<FormatException>(() => RedisClientOptions.Parse(url));

        Assert.DoesNotContain(secretPart, error.Message, StringComparison.Ordinal);
        Assert.Contains("***@localhost", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_WithPassword_LeavesItOut()
    {
        Assert.DoesNotContain("hunter2", RedisClientOptions.Parse("redis://user:hunter2@localhost").ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(RedisClientOptions.Port))]
    [InlineData(nameof(RedisClientOptions.CommandTimeout))]
    [InlineData(nameof(RedisClientOptions.MaxBlockingConnections))]
    [InlineData(nameof(RedisClientOptions.Database))]
    public void Validate_BadValue_ThrowsNamingTheOption(string option)
    {
        var options = option switch
        {
            nameof(RedisClientOptions.Port) => new RedisClientOptions { Port = 0 },
            nameof(RedisClientOptions.CommandTimeout) => new RedisClientOptions { CommandTimeout = TimeSpan.Zero },
            nameof(RedisClientOptions.MaxBlockingConnections) => new RedisClientOptions { MaxBlockingConnections = 0 },
            _ => new RedisClientOptions { Database = -1 },
        };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(option, error.ParamName);
    }
}
