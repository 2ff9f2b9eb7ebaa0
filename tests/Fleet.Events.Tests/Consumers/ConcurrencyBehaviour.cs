using System.Collections.Concurrent;
using Fleet.Events.Tests.Behaviour;
using Fleet.Testing;

namespace Fleet.Events.Tests.Consumers;

/// <summary>Concurrency: a bound on handlers at once, and stream order per partition key while keys run in parallel.</summary>
public abstract class ConcurrencyBehaviour(RedisServerFixture redis) : ConsumerTestBase(redis)
{
    [Fact]
    public async Task ConsumerGroup_PartitionedBySymbol_KeepsOrderPerSymbolWhileSymbolsOverlap()
    {
        var stream = TestStreams.Unique();
        string[] symbols = ["AAPL", "MSFT", "GOOG", "AMZN"];
        var order = new ConcurrentDictionary<string, ConcurrentQueue<string>>();
        var active = new ConcurrentDictionary<string, byte>();
        var sameSymbolOverlapped = false;
        var mostSymbolsAtOnce = 0;
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g
            .Configure(o =>
            {
                Quick(o);
                o.Concurrency = 4;
            })
            .Handle<OrderPlaced>(
                async (context, ct) =>
                {
                    var symbol = context.Data.Symbol!;
                    if (!active.TryAdd(symbol, 0))
                    {
                        sameSymbolOverlapped = true;
                    }

                    InterlockedMax(ref mostSymbolsAtOnce, active.Count);
                    await Task.Delay(2, ct);
                    order.GetOrAdd(symbol, _ => new()).Enqueue(context.Data.OrderId);
                    active.TryRemove(symbol, out _);
                },
                partitionKey: order => order.Symbol)));

        for (var i = 0; i < 20; i++)
        {
            foreach (var symbol in symbols)
            {
                await PlaceOrderAsync(host, stream, new OrderPlaced($"{symbol}-{i}", 1, symbol));
            }
        }

        await Eventually.TrueAsync(() => order.Values.Sum(q => q.Count) >= 80, "80 orders were handled");
        await WaitUntilSettledAsync(host, stream);
        foreach (var symbol in symbols)
        {
            Assert.Equal(Enumerable.Range(0, 20).Select(i => $"{symbol}-{i}"), order[symbol]);
        }

        Assert.False(sameSymbolOverlapped, "two orders of one symbol ran at once");
        Assert.InRange(mostSymbolsAtOnce, 2, 4);
    }

    [Fact]
    public async Task ConsumerGroup_ConcurrencyThree_NeverRunsMoreThanThreeHandlersAtOnce()
    {
        var stream = TestStreams.Unique();
        var running = 0;
        var most = 0;
        var handled = 0;
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g
            .Configure(o =>
            {
                Quick(o);
                o.Concurrency = 3;
            })
            .Handle<OrderPlaced>(async (_, ct) =>
            {
                InterlockedMax(ref most, Interlocked.Increment(ref running));
                await Task.Delay(5, ct);
                Interlocked.Decrement(ref running);
                Interlocked.Increment(ref handled);
            })));

        for (var i = 0; i < 60; i++)
        {
            await PlaceOrderAsync(host, stream, new OrderPlaced($"o-{i}", 1));
        }

        await Eventually.TrueAsync(() => Volatile.Read(ref handled) >= 60, "60 orders were handled");
        await WaitUntilSettledAsync(host, stream);
        Assert.Equal(60, handled);
        Assert.Equal(3, most);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

public sealed class InMemoryConcurrencyBehaviourTests(RedisServerFixture redis) : ConcurrencyBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.InMemory;
}

public sealed class RedisConcurrencyBehaviourTests(RedisServerFixture redis) : ConcurrencyBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.Redis;
}
