namespace Fleet.Hosting.Tests.Configuration;

/// <summary>RunFleetServiceAsync on bad settings: exit code 2, one line per problem naming the option, nothing started.</summary>
public sealed class StartupValidationTests
{
    private const string GoodRedis = "redis://127.0.0.1:6379";

    [Fact]
    public async Task Run_NoRedisUrl_ExitsTwoWithOneLine()
    {
        var (code, lines) = await RunAsync([]);

        Assert.Equal(FleetExitCodes.ConfigurationError, code);
        Assert.Equal(["Configuration error: ConnectionStrings:Redis is missing: set ConnectionStrings__Redis or REDIS_URL to redis://host:port"], lines);
    }

    [Fact]
    public async Task Run_MalformedUrlWithPassword_NamesTheOptionWithoutThePassword()
    {
        var (code, lines) = await RunAsync(new() { ["ConnectionStrings:Redis"] = "redis://app:s3cret-pw@cache:notaport" });

        Assert.Equal(FleetExitCodes.ConfigurationError, code);
        var line = Assert.Single(lines);
        Assert.StartsWith("Configuration error: ConnectionStrings:Redis is not a valid Redis URL", line, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BadFleetEventsValue_NamesTheOption()
    {
        var (code, lines) = await RunAsync(new()
        {
            ["REDIS_URL"] = GoodRedis,
            ["Fleet:Events:InstanceHeartbeat"] = "00:00:05",
            ["Fleet:Events:InstanceLeaseTime"] = "00:00:06",
        });

        Assert.Equal(FleetExitCodes.ConfigurationError, code);
        var line = Assert.Single(lines);
        Assert.StartsWith("Configuration error: Fleet:Events:InstanceLeaseTime must be at least twice InstanceHeartbeat", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_HostingValuesOutOfRange_OneLineEach()
    {
        var (code, lines) = await RunAsync(new()
        {
            ["REDIS_URL"] = GoodRedis,
            ["Fleet:Http:Port"] = "70000",
            ["Fleet:ShutdownTimeout"] = "-00:00:01",
        });

        Assert.Equal(FleetExitCodes.ConfigurationError, code);
        Assert.Equal(
            [
                "Configuration error: Fleet:Http:Port must be 1-65535 (0: any free port), not 70000.",
                "Configuration error: Fleet:ShutdownTimeout must be a positive time span such as 00:00:30, not -00:00:01.",
            ],
            lines);
    }

    [Fact]
    public async Task Run_ValueOfTheWrongType_NamesTheOptionAndStillReportsTheRedisUrl()
    {
        var (code, lines) = await RunAsync(new() { ["Fleet:Http:Port"] = "eighty" });

        Assert.Equal(FleetExitCodes.ConfigurationError, code);
        Assert.Equal(
            [
                "Configuration error: ConnectionStrings:Redis is missing: set ConnectionStrings__Redis or REDIS_URL to redis://host:port",
                "Configuration error: Fleet:Http:Port must be a whole number, not 'eighty'.",
            ],
            lines);
    }

    [Fact]
    public async Task Run_UnknownLogFormat_ListsTheFormats()
    {
        var (code, lines) = await RunAsync(new() { ["REDIS_URL"] = GoodRedis, ["Fleet:Logging:Format"] = "xml" });

        Assert.Equal(FleetExitCodes.ConfigurationError, code);
        Assert.Equal(["Configuration error: Fleet:Logging:Format must be one of Auto, Json, Text, not 'xml'."], lines);
    }

    private static async Task<(int Code, string[] Lines)> RunAsync(Dictionary<string, string?> settings)
    {
        var app = TestApplications.Service(settings);
        using var errors = new StringWriter();
        var code = await FleetApplicationExtensions.RunAsync(app, errors);
        return (code, errors.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
