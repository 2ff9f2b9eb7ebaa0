using System.Collections.Concurrent;
using System.Diagnostics;
using Fleet.Events.Tests.Behaviour;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fleet.Events.Tests.Consumers;

/// <summary>Metrics of a group (lag, pending, stream length, DLQ depth, outcomes) and the trim-horizon warning.</summary>
public abstract class ObservabilityBehaviour(RedisServerFixture redis) : ConsumerTestBase(redis)
{
    [Fact]
    public async Task StatisticsSampler_GroupFallingBehind_ReportsGaugesAndWarnsBeforeTheTrimHorizon()
    {
        var stream = TestStreams.Unique();
        using var metrics = new MetricCollector(stream);
        var logs = new LogCollector();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = await StartHostAsync(
            events =>
            {
                events.Services.AddSingleton<ILoggerProvider>(logs);
                events.AddConsumerGroup(stream, Group, g => g
                    .Configure(o =>
                    {
                        Quick(o);
                        o.Prefetch = 2;
                        o.Concurrency = 2;
                        o.StatisticsInterval = TimeSpan.FromMilliseconds(50);
                    })
                    .Handle<OrderPlaced>(async (_, ct) => await gate.Task.WaitAsync(ct)));
            },
            options => options.Retention[stream] = StreamRetention.MaxLength(10));

        for (var i = 0; i < 20; i++)
        {
            await PlaceOrderAsync(host, stream, new OrderPlaced($"o-{i}", 1));
        }

        await Eventually.TrueAsync(() => metrics.Value("fleet.events.consumer.lag") == 18, "the lag gauge shows 18 undelivered entries");
        Assert.Equal(2, metrics.Value("fleet.events.consumer.pending"));
        Assert.Equal(20, metrics.Value("fleet.events.stream.length"));
        Assert.Equal(0, metrics.Value("fleet.events.dlq.depth"));
        await Eventually.TrueAsync(
            () => logs.Records.Any(r => r.Id == 1021 && r.Message.Contains("20 unprocessed", StringComparison.Ordinal)),
            "the trim-horizon warning was logged for the 20 unprocessed entries");
        Assert.All(logs.Records.Where(r => r.Id == 1021), r => Assert.Equal(LogLevel.Warning, r.Level));
        Assert.DoesNotContain(logs.Records, r => r.Id == 1021 && r.Message.Contains(" 8 unprocessed", StringComparison.Ordinal));
        gate.SetResult();
    }

    [Fact]
    public async Task Handler_EventWithTraceParent_RunsInAConsumerSpanThatIsAChildOfThePublishSpan()
    {
        var stream = TestStreams.Unique();
        var traceId = ActivityTraceId.CreateRandom();
        var publishSpan = ActivitySpanId.CreateRandom();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Fleet.Events",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var seen = new ConcurrentQueue<Activity?>();
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(Quick).Handle<OrderPlaced>((_, _) =>
        {
            seen.Enqueue(Activity.Current);
            return ValueTask.CompletedTask;
        })));
        var envelope = RawPublisher.Envelope(TestEvents.OrderPlacedType, new OrderPlaced("o-1", 1), TestEventsJsonContext.Default.OrderPlaced) with
        {
            TraceParent = $"00-{traceId}-{publishSpan}-01",
        };

        await RawPublisher.PublishAsync(host, Keys, stream, envelope);

        await Eventually.TrueAsync(() => !seen.IsEmpty, "the order was handled");
        var span = Assert.Single(seen);
        Assert.NotNull(span);
        Assert.Equal($"process {stream}", span.OperationName);
        Assert.Equal(ActivityKind.Consumer, span.Kind);
        Assert.Equal(traceId, span.TraceId);
        Assert.Equal(publishSpan, span.ParentSpanId);
        Assert.Equal(Group, span.GetTagItem("messaging.consumer.group.name"));
        Assert.Equal(envelope.Id.ToString(), span.GetTagItem("messaging.message.id"));
    }

    [Fact]
    public async Task ConsumerGroup_Outcomes_AreCountedByOutcomeAndDeadLettersShowInTheDlqGauge()
    {
        var stream = TestStreams.Unique();
        using var metrics = new MetricCollector(stream);
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g
            .Configure(o =>
            {
                Quick(o);
                o.StatisticsInterval = TimeSpan.FromMilliseconds(50);
            })
            .Handle<OrderPlaced>((context, _) =>
                context.Data.OrderId == "bad" ? throw new PermanentEventException("refused") : ValueTask.CompletedTask)));

        await PlaceOrderAsync(host, stream, new OrderPlaced("good", 1));
        await PlaceOrderAsync(host, stream, new OrderPlaced("bad", 1));
        await RawPublisher.PublishAsync(host, Keys, stream, RawPublisher.Envelope(TestEvents.OrderShippedType, new OrderShipped("o-1"), TestEventsJsonContext.Default.OrderShipped));

        await Eventually.TrueAsync(() => metrics.Value("fleet.events.consumed") >= 3, "three outcomes were counted");
        await Eventually.TrueAsync(() => metrics.Value("fleet.events.dlq.depth") == 1, "the DLQ gauge shows the dead letter");
        Assert.Equal(3, metrics.Value("fleet.events.consumed"));
        Assert.Equal(1, metrics.Value("fleet.events.dead_lettered"));
        Assert.Equal(0, metrics.Value("fleet.events.lost_before_processing"));
    }

    [Fact]
    public async Task ConsumerGroup_TypesAnyProducerCanWrite_AreTaggedUnregisteredNotVerbatim()
    {
        var stream = TestStreams.Unique();
        using var metrics = new MetricCollector(stream);
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g
            .Configure(Quick)
            .Handle<OrderPlaced>((_, _) => ValueTask.CompletedTask)));
        var shipped = RawPublisher.Envelope(TestEvents.OrderShippedType, new OrderShipped("o-1"), TestEventsJsonContext.Default.OrderShipped);

        await PlaceOrderAsync(host, stream, new OrderPlaced("good", 1));
        await RawPublisher.PublishAsync(host, Keys, stream, shipped with { Type = "never.registered.a1b2" });
        await RawPublisher.AppendAsync(host, Keys, stream, RawPublisher.Altered(shipped with { Type = "hostile.type.c3d4" }, "version", "not-a-number"));

        await Eventually.TrueAsync(() => metrics.Value("fleet.events.consumed") >= 3, "three outcomes were counted");
        var types = metrics.TypeTags("fleet.events.consumed");
        Assert.Contains(TestEvents.OrderPlacedType, types);
        Assert.Contains("unregistered", types);
        Assert.DoesNotContain("never.registered.a1b2", types);
        Assert.DoesNotContain("hostile.type.c3d4", types);
    }
}

public sealed class InMemoryObservabilityBehaviourTests(RedisServerFixture redis) : ObservabilityBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.InMemory;
}

public sealed class RedisObservabilityBehaviourTests(RedisServerFixture redis) : ObservabilityBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.Redis;
}
