using System.Net;
using System.Text.Json;
using Fleet.Events;
using Fleet.Hosting.TestService;
using Fleet.Redis;
using Fleet.Testing;
using Fleet.Testing.Processes;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Hosting.Tests;

/// <summary>A service made by AddFleetService, in this process, on a real redis-server: its endpoints and its stop.</summary>
public sealed class FleetServiceIntegrationTests(RedisServerFixture redis)
{
    [Fact]
    public async Task Endpoints_GroupReading_LiveReadyAndMetricsAfterAPublish()
    {
        var stream = TestApplications.Unique("hosting");
        var handled = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var service = await RunningService.StartAsync(TestApplications.Service(Settings(redis.Server.Url), events => events
            .AddEventType(Pinged.Type, 1, TestServiceJsonContext.Default.Pinged)
            .AddConsumerGroup(stream, "hosting-tests", group => group
                .Handle<Pinged>((context, _) =>
                {
                    handled.TrySetResult(context.Data.Text);
                    return ValueTask.CompletedTask;
                }))));

        Assert.Equal(HttpStatusCode.OK, (await service.GetAsync("/health/live")).Status);
        var ready = await Eventually.UntilAsync(() => service.GetAsync("/health/ready"), r => r.Status == HttpStatusCode.OK, "the group reads and /health/ready answers 200");
        Assert.Equal("Healthy", JsonDocument.Parse(ready.Body).RootElement.GetProperty("status").GetString());

        await service.Services.GetRequiredService<IEventPublisher>().PublishAsync(stream, new Pinged("hello"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("hello", await handled.Task.WaitAsync(Eventually.DefaultLimit, TestContext.Current.CancellationToken));
        var metrics = await service.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.Status);
        Assert.Contains("fleet_events_published_total{", metrics.Body, StringComparison.Ordinal);
        Assert.Contains($"stream=\"{stream}\"", metrics.Body, StringComparison.Ordinal);

        // The bus's client is the service's client too, for its own keys.
        Assert.Equal(1, await service.Services.GetRequiredService<RedisClient>().XLenAsync(new StreamKeys().Stream(stream), TestContext.Current.CancellationToken));

        Assert.Equal(FleetExitCodes.Stopped, await service.StopAsync());
    }

    [Fact]
    public async Task Ready_RedisUnreachable_Answers503WithTheReasonWhileLiveAnswers200()
    {
        await using var service = await RunningService.StartAsync(TestApplications.Service(Settings($"redis://127.0.0.1:{FreePort.Next()}"), events => events
            .AddEventType(Pinged.Type, 1, TestServiceJsonContext.Default.Pinged)
            .AddConsumerGroup(TestApplications.Unique("hosting"), "hosting-tests", group => group
                .Handle<Pinged>((_, _) => ValueTask.CompletedTask))));

        var ready = await service.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        var body = JsonDocument.Parse(ready.Body).RootElement;
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.Contains("Consumer group hosting-tests on hosting-", body.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await service.GetAsync("/health/live")).Status);
        Assert.Equal(FleetExitCodes.Stopped, await service.StopAsync());
    }

    private static Dictionary<string, string?> Settings(string redisUrl) => new()
    {
        ["REDIS_URL"] = redisUrl,
        ["Fleet:Http:Port"] = "0",
        ["Fleet:Events:InstanceName"] = TestApplications.Unique("instance"),
    };
}
