using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Fleet.Events.Tests.Behaviour;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Events.Tests.Consumers;

/// <summary>Consumer groups deliver each event once per group, share work, skip types they do not handle and guard against duplicates.</summary>
public abstract class DeliveryBehaviour(RedisServerFixture redis) : ConsumerTestBase(redis)
{
    private static readonly string[] Groups = ["billing", "shipping"];
    private static readonly string[] Replicas = ["replica-a", "replica-b", "replica-c"];

    [Fact]
    public async Task ConsumerGroups_TwoGroups_EachHandlesEveryEventExactlyOnce()
    {
        var stream = TestStreams.Unique();
        var seen = new ConcurrentDictionary<string, ConcurrentBag<string>>();
        var host = await StartHostAsync(events =>
        {
            foreach (var group in Groups)
            {
                events.AddConsumerGroup(stream, group, g => g.Configure(Quick).Handle<OrderPlaced>((context, _) =>
                {
                    seen.GetOrAdd(context.Group, _ => []).Add(context.Data.OrderId);
                    return ValueTask.CompletedTask;
                }));
            }
        });

        for (var i = 0; i < 200; i++)
        {
            await PlaceOrderAsync(host, stream, new OrderPlaced($"o-{i}", 1));
        }

        await Eventually.TrueAsync(() => seen.Values.Sum(bag => bag.Count) >= 400, "both groups handled 200 events");
        await WaitUntilSettledAsync(host, stream, "billing");
        await WaitUntilSettledAsync(host, stream, "shipping");
        var expected = Enumerable.Range(0, 200).Select(i => $"o-{i}").Order().ToArray();
        Assert.Equal(Groups, seen.Keys.Order());
        Assert.Equal(expected, seen["billing"].Order());
        Assert.Equal(expected, seen["shipping"].Order());
    }

    [Fact]
    public async Task ConsumerGroup_ConcurrencyOne_HandlesInStreamOrder()
    {
        var stream = TestStreams.Unique();
        var order = new ConcurrentQueue<string>();
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(Quick).Handle<OrderPlaced>((context, _) =>
        {
            order.Enqueue(context.Data.OrderId);
            return ValueTask.CompletedTask;
        })));

        for (var i = 0; i < 100; i++)
        {
            await PlaceOrderAsync(host, stream, new OrderPlaced($"o-{i}", 1));
        }

        await Eventually.TrueAsync(() => order.Count >= 100, "100 events were handled");
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"o-{i}"), order);
    }

    [Fact]
    public async Task ConsumerGroup_ThreeInstances_ShareTheWorkAndHandleEachEventOnce()
    {
        var stream = TestStreams.Unique();
        var handled = new ConcurrentQueue<(string Consumer, string OrderId)>();
        var hosts = new List<Microsoft.Extensions.Hosting.IHost>();
        foreach (var name in Replicas)
        {
            hosts.Add(await StartHostAsync(
                events => events.AddConsumerGroup(stream, Group, g => g
                    .Configure(o =>
                    {
                        Quick(o);
                        o.Prefetch = 4;
                    })
                    .Handle<OrderPlaced>(async (context, ct) =>
                    {
                        handled.Enqueue((context.Consumer, context.Data.OrderId));
                        await Task.Delay(2, ct);
                    })),
                instanceName: name));
        }

        for (var i = 0; i < 150; i++)
        {
            await PlaceOrderAsync(hosts[0], stream, new OrderPlaced($"o-{i}", 1));
        }

        await Eventually.TrueAsync(() => handled.Count >= 150, "150 events were handled");
        await WaitUntilSettledAsync(hosts[0], stream);
        Assert.Equal(Enumerable.Range(0, 150).Select(i => $"o-{i}").Order(), handled.Select(h => h.OrderId).Order());
        Assert.True(handled.Select(h => h.Consumer).Distinct().Count() > 1, "more than one replica did some of the work");
        Assert.All(handled, h => Assert.Contains(h.Consumer, Replicas));
    }

    [Fact]
    public async Task HandlerType_EachDelivery_IsResolvedFromAScopeOfItsOwnDisposedAfterwards()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(events =>
        {
            events.Services.AddScoped<ScopeProbe>();
            events.Services.AddSingleton<ScopeRecorder>();
            events.AddConsumerGroup(stream, Group, g => g.Configure(Quick).Handle<OrderPlaced, RecordingHandler>());
        });
        var recorder = host.Services.GetRequiredService<ScopeRecorder>();

        await PlaceOrderAsync(host, stream, new OrderPlaced("o-1", 1));
        await PlaceOrderAsync(host, stream, new OrderPlaced("o-2", 1));

        await Eventually.TrueAsync(() => recorder.Seen.Count >= 2, "both orders were handled");
        await WaitUntilSettledAsync(host, stream);
        var seen = recorder.Seen.ToArray();
        Assert.Equal(["o-1", "o-2"], seen.Select(s => s.OrderId));
        Assert.NotSame(seen[0].Probe, seen[1].Probe);
        Assert.All(seen, s => Assert.False(s.DisposedWhileHandling));
        Assert.All(seen, s => Assert.True(s.Probe.Disposed));
    }

    [Fact]
    public async Task DelegateHandler_UsingContextServices_GetsAScopeOfItsOwnDisposedAfterwards()
    {
        var stream = TestStreams.Unique();
        var seen = new ConcurrentQueue<ScopeProbe>();
        var host = await StartHostAsync(events =>
        {
            events.Services.AddScoped<ScopeProbe>();
            events.AddConsumerGroup(stream, Group, g => g.Configure(Quick).Handle<OrderPlaced>((context, _) =>
            {
                var probe = context.Services.GetRequiredService<ScopeProbe>();
                Assert.Same(probe, context.Services.GetRequiredService<ScopeProbe>());
                Assert.False(probe.Disposed);
                seen.Enqueue(probe);
                return ValueTask.CompletedTask;
            }));
        });

        await PlaceOrderAsync(host, stream, new OrderPlaced("o-1", 1));
        await PlaceOrderAsync(host, stream, new OrderPlaced("o-2", 1));

        await Eventually.TrueAsync(() => seen.Count >= 2, "both orders were handled");
        await WaitUntilSettledAsync(host, stream);
        Assert.Equal(2, seen.Count);
        Assert.NotSame(seen.First(), seen.Last());
        Assert.All(seen, probe => Assert.True(probe.Disposed));
    }

    [Fact]
    public async Task ConsumerGroup_TypesWithoutHandler_AreAcknowledgedWithoutWork()
    {
        var stream = TestStreams.Unique();
        var handled = new ConcurrentQueue<string>();
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(Quick).Handle<OrderPlaced>((context, _) =>
        {
            handled.Enqueue(context.Data.OrderId);
            return ValueTask.CompletedTask;
        })));

        await RawPublisher.PublishAsync(host, Keys, stream, RawPublisher.Envelope(TestEvents.OrderShippedType, new OrderShipped("o-1"), TestEventsJsonContext.Default.OrderShipped));
        await RawPublisher.PublishAsync(host, Keys, stream, RawPublisher.Envelope("no.such.type", new OrderShipped("o-2"), TestEventsJsonContext.Default.OrderShipped));
        await PlaceOrderAsync(host, stream, new OrderPlaced("o-3", 1));

        await Eventually.TrueAsync(() => !handled.IsEmpty, "the order was handled");
        await WaitUntilSettledAsync(host, stream);
        Assert.Equal(["o-3"], handled);
        Assert.Empty(await DeadLettersAsync(host, stream));
    }

    [Fact]
    public async Task IdempotencyGuard_SameEventDeliveredTwice_HandlerRunsOnceAndBothEntriesAreAcknowledged()
    {
        var stream = TestStreams.Unique();
        var runs = 0;
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g
            .Configure(o =>
            {
                Quick(o);
                o.IdempotencyGuard = true;
            })
            .Handle<OrderPlaced>((_, _) =>
            {
                Interlocked.Increment(ref runs);
                return ValueTask.CompletedTask;
            })));
        var envelope = RawPublisher.Envelope(TestEvents.OrderPlacedType, new OrderPlaced("o-1", 1), TestEventsJsonContext.Default.OrderPlaced);

        var first = await RawPublisher.PublishAsync(host, Keys, stream, envelope);
        var second = await RawPublisher.PublishAsync(host, Keys, stream, envelope);
        await PlaceOrderAsync(host, stream, new OrderPlaced("o-2", 1));

        await Eventually.TrueAsync(() => Volatile.Read(ref runs) >= 2, "the second order was handled");
        await WaitUntilSettledAsync(host, stream);
        Assert.NotEqual(first, second);
        Assert.Equal(2, runs);
        Assert.True(await TransportOf(host).IsProcessedAsync(Keys.Processed(stream, Group, envelope.Id), Cancel), "the idempotency mark is set");
    }

    [Fact]
    public async Task ConsumerGroup_OlderVersionWithUpcaster_HandlerGetsTheCurrentVersion()
    {
        var stream = TestStreams.Unique();
        var handled = new ConcurrentQueue<OrderPriced>();
        var host = await StartHostAsync(events => events
            .AddEventType("order.priced", 2, ConsumerTestJsonContext.Default.OrderPriced)
            .AddUpcaster("order.priced", 1, v1 =>
            {
                v1["currency"] = "EUR";
                return v1;
            })
            .AddConsumerGroup(stream, Group, g => g.Configure(Quick).Handle<OrderPriced>((context, _) =>
            {
                handled.Enqueue(context.Data);
                return ValueTask.CompletedTask;
            })));
        var v1 = new EventEnvelope
        {
            Id = Ulid.NewUlid(),
            Type = "order.priced",
            Version = 1,
            Timestamp = DateTimeOffset.UtcNow,
            Data = System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["order_id"] = "o-1", ["price"] = 12.5m }.ToJsonString()),
        };

        await RawPublisher.PublishAsync(host, Keys, stream, v1);

        await Eventually.TrueAsync(() => !handled.IsEmpty, "the v1 event was handled");
        Assert.Equal(new OrderPriced("o-1", 12.5m, "EUR"), Assert.Single(handled));
        await WaitUntilSettledAsync(host, stream);
        Assert.Empty(await DeadLettersAsync(host, stream));
    }
}

/// <summary>A scoped service that knows when its scope ended.</summary>
internal sealed class ScopeProbe : IDisposable
{
    public bool Disposed { get; private set; }

    public void Dispose() => Disposed = true;
}

/// <summary>What <see cref="RecordingHandler"/> saw, per delivery.</summary>
internal sealed class ScopeRecorder
{
    public ConcurrentQueue<(ScopeProbe Probe, bool DisposedWhileHandling, string OrderId)> Seen { get; } = new();
}

/// <summary>A handler type with a scoped dependency.</summary>
internal sealed class RecordingHandler(ScopeProbe probe, ScopeRecorder recorder) : IEventHandler<OrderPlaced>
{
    public ValueTask HandleAsync(EventContext<OrderPlaced> context, CancellationToken cancellationToken)
    {
        Assert.Same(probe, context.Services.GetRequiredService<ScopeProbe>());
        recorder.Seen.Enqueue((probe, probe.Disposed, context.Data.OrderId));
        return ValueTask.CompletedTask;
    }
}

public sealed class InMemoryDeliveryBehaviourTests(RedisServerFixture redis) : DeliveryBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.InMemory;
}

public sealed class RedisDeliveryBehaviourTests(RedisServerFixture redis) : DeliveryBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.Redis;
}
