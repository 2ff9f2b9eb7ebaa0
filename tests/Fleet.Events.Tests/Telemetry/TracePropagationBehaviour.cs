using System.Collections.Concurrent;
using System.Diagnostics;
using Fleet.Events.Tests.Behaviour;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Events.Tests.Telemetry;

/// <summary>DESIGN.md section 8: one trace across hosts, the process span a child of the publish span.</summary>
public abstract class TracePropagationBehaviour(RedisServerFixture redis) : BehaviourTestBase(redis)
{
    [Fact]
    public async Task PublishInOneHost_HandledInAnother_ProcessSpanIsChildOfPublishSpan()
    {
        var stream = TestStreams.Unique();
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Fleet.Events",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("messaging.destination.name") as string == stream)
                {
                    spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var handledIn = new TaskCompletionSource<ActivityContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        await StartHostAsync(events => events.AddConsumerGroup(stream, "tracing", group => group.Handle<OrderPlaced>((_, _) =>
        {
            handledIn.TrySetResult(Activity.Current!.Context);
            return ValueTask.CompletedTask;
        })));
        var producer = await StartHostAsync(_ => { });
        var correlation = Ulid.NewUlid();

        var published = await producer.Services.GetRequiredService<IEventPublisher>()
            .PublishAsync(stream, new OrderPlaced("o-1", 1), new PublishOptions { CorrelationId = correlation }, Cancel);
        var handlerContext = await handledIn.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        await Eventually.TrueAsync(() => spans.Count >= 2, "both spans ended");

        var publish = Assert.Single(spans, s => s.Kind == ActivityKind.Producer);
        var process = Assert.Single(spans, s => s.Kind == ActivityKind.Consumer);
        Assert.Equal($"publish {stream}", publish.DisplayName);
        Assert.Equal($"process {stream}", process.DisplayName);
        Assert.Equal(publish.TraceId, process.TraceId);
        Assert.Equal(publish.SpanId, process.ParentSpanId);
        Assert.Equal(process.SpanId, handlerContext.SpanId);
        foreach (var span in new[] { publish, process })
        {
            Assert.Equal("redis", span.GetTagItem("messaging.system"));
            Assert.Equal(published.EventId.ToString(), span.GetTagItem("messaging.message.id"));
            Assert.Equal(correlation.ToString(), span.GetTagItem("messaging.message.conversation_id"));
            Assert.Equal(TestEvents.OrderPlacedType, span.GetTagItem("fleet.event.type"));
        }

        Assert.Equal("tracing", process.GetTagItem("messaging.consumer.group.name"));
    }
}

public sealed class InMemoryTracePropagationBehaviourTests(RedisServerFixture redis) : TracePropagationBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.InMemory;
}

public sealed class RedisTracePropagationBehaviourTests(RedisServerFixture redis) : TracePropagationBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.Redis;
}
