using Fleet.Events;
using Fleet.Hosting.TestService;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Hosting.Tests.Telemetry;

/// <summary>OpenTelemetry by the standard variables: what a service exports over OTLP/HTTP, and that a stop flushes it.</summary>
public sealed class OtlpExportIntegrationTests(RedisServerFixture redis)
{
    [Fact]
    public async Task Stop_EndpointSetWithHttpProtobuf_TracesMetricsAndLogsPostedToTheSignalPaths()
    {
        using var receiver = new OtlpReceiver();
        var stream = TestApplications.Unique("hosting");
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var service = await RunningService.StartAsync(TestApplications.Service(
            new()
            {
                ["REDIS_URL"] = redis.Server.Url,
                ["Fleet:Http:Port"] = "0",
                ["Fleet:Events:InstanceName"] = TestApplications.Unique("instance"),
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            },
            events => events
                .AddEventType(Pinged.Type, 1, TestServiceJsonContext.Default.Pinged)
                .AddConsumerGroup(stream, "hosting-tests", group => group.Handle<Pinged>((_, _) =>
                {
                    handled.TrySetResult();
                    return ValueTask.CompletedTask;
                }))));
        await service.Services.GetRequiredService<IEventPublisher>().PublishAsync(stream, new Pinged("traced"), cancellationToken: TestContext.Current.CancellationToken);
        await handled.Task.WaitAsync(Eventually.DefaultLimit, TestContext.Current.CancellationToken);

        // Nothing waits for the export interval: disposing the providers on stop flushes what they hold.
        Assert.Equal(FleetExitCodes.Stopped, await service.StopAsync());

        var paths = receiver.Posts.Select(p => p.Path).ToHashSet();
        Assert.Contains("/v1/traces", paths);
        Assert.Contains("/v1/metrics", paths);
        Assert.Contains("/v1/logs", paths);
        Assert.All(receiver.Posts, post => Assert.Equal("application/x-protobuf", post.ContentType));
    }
}
