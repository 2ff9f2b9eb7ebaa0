using System.Text.Json;
using Fleet.Events;
using Fleet.Hosting.TestService;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Hosting.Tests;

/// <summary>The test service as a real process: exit codes, the stderr line of a bad setting, its logs, SIGTERM.</summary>
public sealed class TestServiceProcessTests(RedisServerFixture redis)
{
    [Fact]
    public async Task Start_NoRedisUrl_ExitsTwoWithOneLineNamingTheOption()
    {
        await using var service = ServiceProcess.Start(new Dictionary<string, string>());

        Assert.Equal(FleetExitCodes.ConfigurationError, await service.ExitCodeAsync());
        var line = Assert.Single(service.Errors);
        Assert.Equal("Configuration error: ConnectionStrings:Redis is missing: set ConnectionStrings__Redis or REDIS_URL to redis://host:port", line);
        Assert.Empty(service.Output);
    }

    [Fact]
    public async Task Start_MalformedUrl_ExitsTwoNamingTheOptionWithoutThePassword()
    {
        await using var service = ServiceProcess.Start(new Dictionary<string, string> { ["REDIS_URL"] = "redis://app:s3cret-pw@cache:notaport" });

        Assert.Equal(FleetExitCodes.ConfigurationError, await service.ExitCodeAsync());
        var line = Assert.Single(service.Errors);
        Assert.StartsWith("Configuration error: ConnectionStrings:Redis (from REDIS_URL) is not a valid Redis URL", line, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", string.Join('\n', service.Errors.Concat(service.Output)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_AfterHandlingAnEvent_JsonLinesWithItsTraceIdAndExitZero()
    {
        var prefix = TestApplications.Unique("hosting") + ":";
        await using var service = ServiceProcess.Start(new Dictionary<string, string>
        {
            ["REDIS_URL"] = redis.Server.Url,
            ["Fleet__Events__KeyPrefix"] = prefix,
            ["Fleet__Events__InstanceName"] = TestApplications.Unique("instance"),
        });
        await PublishAsync(prefix, new Pinged("over the wire"));

        var handled = JsonDocument.Parse(await service.LineAsync(l => l.Contains("Handled ping", StringComparison.Ordinal), "the service logs the handled ping")).RootElement;
        Assert.Equal(FleetExitCodes.Stopped, await service.TerminateAsync());

        Assert.Equal("Handled ping \"over the wire\"", handled.GetProperty("@m").GetString());
        Assert.Matches("^[0-9a-f]{32}$", handled.GetProperty("TraceId").GetString());
        Assert.Matches("^[0-9a-f]{16}$", handled.GetProperty("SpanId").GetString());
        Assert.Equal(Pinged.Stream, handled.GetProperty("Stream").GetString());
        Assert.Equal(Pinged.Group, handled.GetProperty("Group").GetString());
        Assert.Equal(Pinged.Type, handled.GetProperty("EventType").GetString());
        Assert.Matches("^[0-9]+-[0-9]+$", handled.GetProperty("EntryId").GetString());
        Assert.Equal("hosting-test-service", handled.GetProperty("Service").GetString());
        // Every line is one JSON object (stdout is redirected, so the format is compact JSON), the last one the stop.
        Assert.All(service.Output, line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
        Assert.Equal("Service \"hosting-test-service\" stopped", JsonDocument.Parse(service.Output.Last()).RootElement.GetProperty("@m").GetString());
        Assert.Empty(service.Errors);
    }

    private async Task PublishAsync(string prefix, Pinged ping)
    {
        var services = new ServiceCollection().AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddFleetEvents(o => o.KeyPrefix = prefix)
            .UseRedis(redis.Server.Url)
            .AddEventType(Pinged.Type, 1, TestServiceJsonContext.Default.Pinged);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IEventPublisher>().PublishAsync(Pinged.Stream, ping, cancellationToken: TestContext.Current.CancellationToken);
    }
}
