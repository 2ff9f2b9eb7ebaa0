using System.Collections.Concurrent;
using Fleet.Events.Tests.Behaviour;
using Fleet.Redis;
using Fleet.Testing;
using Microsoft.Extensions.Hosting;

namespace Fleet.Events.Tests.Consumers;

/// <summary>
/// Batch handlers (<see cref="IEventBatchHandler{TEvent}"/>, ADR 0012): the entries of one read in one call, in stream
/// order, each still settled on its own as DESIGN.md section 4 promises (acknowledged only after success, retried,
/// dead-lettered, left pending at a timeout or stop, the idempotency guard, staged writes).
/// </summary>
public abstract class BatchHandlerBehaviour(RedisServerFixture redis) : ConsumerTestBase(redis)
{
    [Fact]
    public async Task HandleBatch_EntriesOfOneRead_ComeInOneCallInStreamOrderAndAreAcknowledged()
    {
        var stream = TestStreams.Unique();
        var calls = new ConcurrentQueue<string[]>();
        var host = await CreateHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(Quick).HandleBatch<OrderPlaced>((batch, _) =>
        {
            calls.Enqueue([.. batch.Select(c => c.Data.OrderId)]);
            return ValueTask.CompletedTask;
        })));
        await PlaceOrdersAsync(host, stream, 5);

        await host.StartAsync(Cancel);

        await Eventually.TrueAsync(() => calls.Sum(c => c.Length) == 5, "the five orders were handled");
        await WaitUntilSettledAsync(host, stream);
        Assert.Equal(["o-1", "o-2", "o-3", "o-4", "o-5"], Assert.Single(calls));
        Assert.Empty(await DeadLettersAsync(host, stream));
    }

    [Fact]
    public async Task HandleBatch_MoreEntriesThanMaxBatchSize_SplitIntoCallsOfAtMostThatMany()
    {
        var stream = TestStreams.Unique();
        var calls = new ConcurrentQueue<int>();
        var host = await CreateHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(Quick).HandleBatch<OrderPlaced>(
            (batch, _) =>
            {
                calls.Enqueue(batch.Count);
                return ValueTask.CompletedTask;
            },
            maxBatchSize: 2)));
        await PlaceOrdersAsync(host, stream, 5);

        await host.StartAsync(Cancel);

        await Eventually.TrueAsync(() => calls.Sum() == 5, "the five orders were handled");
        await WaitUntilSettledAsync(host, stream);
        Assert.Equal(5, calls.Sum());
        Assert.All(calls, count => Assert.InRange(count, 1, 2));
    }

    [Fact]
    public async Task HandleBatch_OneEntryFailsTransiently_OnlyItIsRetriedInACallOfItsOwnAndAllAreAcknowledged()
    {
        var stream = TestStreams.Unique();
        var calls = new ConcurrentQueue<string[]>();
        var host = await CreateHostAsync(events => events.AddConsumerGroup(stream, Group, g => g
            .Configure(o =>
            {
                Quick(o);
                o.RetryAttempts = 2;
            })
            .HandleBatch<OrderPlaced>((batch, _) =>
            {
                calls.Enqueue([.. batch.Select(c => c.Data.OrderId)]);
                for (var i = 0; i < batch.Count; i++)
                {
                    if (batch[i].Data.OrderId == "o-2" && calls.Count == 1)
                    {
                        batch.Fail(i, new TimeoutException("downstream busy"));
                    }
                }

                return ValueTask.CompletedTask;
            })));
        await PlaceOrdersAsync(host, stream, 3);

        await host.StartAsync(Cancel);

        await Eventually.TrueAsync(() => calls.Count == 2, "the failed order was retried");
        await WaitUntilSettledAsync(host, stream);
        Assert.Equal([["o-1", "o-2", "o-3"], ["o-2"]], calls);
        Assert.Empty(await DeadLettersAsync(host, stream));
    }

    [Fact]
    public async Task HandleBatch_OneEntryFailsPermanently_OnlyItIsDeadLetteredTheOthersAcknowledged()
    {
        var stream = TestStreams.Unique();
        var runs = 0;
        var host = await CreateHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(Quick).HandleBatch<OrderPlaced>((batch, _) =>
        {
            Interlocked.Increment(ref runs);
            for (var i = 0; i < batch.Count; i++)
            {
                if (batch[i].Data.OrderId == "o-2")
                {
                    batch.Fail(i, new PermanentEventException("order o-2 refers to an unknown account"));
                }
            }

            return ValueTask.CompletedTask;
        })));
        var ids = await PlaceOrdersAsync(host, stream, 3);

        await host.StartAsync(Cancel);

        await Eventually.TrueAsync(async () => (await DeadLettersAsync(host, stream)).Count > 0, "a dead letter was written");
        await WaitUntilSettledAsync(host, stream);
        var deadLetter = Assert.Single(await DeadLettersAsync(host, stream));
        Assert.Equal(ids[1].ToString(), deadLetter[DeadLetterFields.EntryId].ToString());
        Assert.Equal(DeadLetterErrorTypes.Permanent, deadLetter[DeadLetterFields.ErrorType].ToString());
        Assert.Equal("order o-2 refers to an unknown account", deadLetter[DeadLetterFields.ErrorMessage].ToString());
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task HandleBatch_HandlerAlwaysThrows_EveryEntryIsRedeliveredUpToMaxDeliveriesThenDeadLettered()
    {
        var stream = TestStreams.Unique();
        var deliveries = new ConcurrentQueue<(string OrderId, long DeliveryCount)>();
        var host = await CreateHostAsync(events => events.AddConsumerGroup(stream, Group, g => g
            .Configure(o =>
            {
                Quick(o);
                o.MaxDeliveries = 2;
                o.RetryAttempts = 0;
                o.ProcessingTimeout = TimeSpan.FromMilliseconds(300);
            })
            .HandleBatch<OrderPlaced>((batch, _) =>
            {
                foreach (var context in batch)
                {
                    deliveries.Enqueue((context.Data.OrderId, context.DeliveryCount));
                }

                throw new InvalidOperationException("the database is down");
            })));
        var ids = await PlaceOrdersAsync(host, stream, 2);

        await host.StartAsync(Cancel);

        await Eventually.TrueAsync(async () => (await DeadLettersAsync(host, stream)).Count == 2, "both entries were dead-lettered");
        await WaitUntilSettledAsync(host, stream);
        var deadLetters = await DeadLettersAsync(host, stream);
        Assert.Equal(ids.Select(id => id.ToString()).Order(), deadLetters.Select(d => d[DeadLetterFields.EntryId].ToString()).Order());
        Assert.All(deadLetters, d =>
        {
            Assert.Equal(DeadLetterErrorTypes.MaxDeliveries, d[DeadLetterFields.ErrorType].ToString());
            Assert.Equal("2", d[DeadLetterFields.DeliveryCount].ToString());
            Assert.Contains("the database is down", d[DeadLetterFields.ErrorMessage].ToString(), StringComparison.Ordinal);
        });
        Assert.Equal([("o-1", 1L), ("o-1", 2L), ("o-2", 1L), ("o-2", 2L)], deliveries.Order());
    }

    [Fact]
    public async Task HandleBatch_RunsPastProcessingTimeout_IsCancelledAndItsEntriesDeadLetteredAtTheLastDelivery()
    {
        var stream = TestStreams.Unique();
        var cancelled = 0;
        var host = await CreateHostAsync(events => events.AddConsumerGroup(stream, Group, g => g
            .Configure(o =>
            {
                Quick(o);
                o.MaxDeliveries = 1;
                o.RetryAttempts = 3;
                o.ProcessingTimeout = TimeSpan.FromMilliseconds(200);
            })
            .HandleBatch<OrderPlaced>(async (_, ct) =>
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref cancelled);
                    throw;
                }
            })));
        await PlaceOrdersAsync(host, stream, 2);

        await host.StartAsync(Cancel);

        await Eventually.TrueAsync(async () => (await DeadLettersAsync(host, stream)).Count == 2, "both entries were dead-lettered");
        await WaitUntilSettledAsync(host, stream);
        Assert.All(await DeadLettersAsync(host, stream), d => Assert.Contains("processing timeout of 200 ms", d[DeadLetterFields.ErrorMessage].ToString(), StringComparison.Ordinal));
        Assert.Equal(1, cancelled);
    }

    [Fact]
    public async Task HandleBatch_HostStopsWhileACallRuns_ItsEntriesStayPendingAndNoneIsDeadLettered()
    {
        var stream = TestStreams.Unique();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = await CreateHostAsync(events => events.AddConsumerGroup(stream, Group, g => g
            .Configure(o =>
            {
                Quick(o);
                o.ShutdownTimeout = TimeSpan.FromMilliseconds(200);
            })
            .HandleBatch<OrderPlaced>(async (_, ct) =>
            {
                entered.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            })));
        await PlaceOrdersAsync(host, stream, 3);
        await host.StartAsync(Cancel);
        await entered.Task.WaitAsync(Cancel);

        await host.StopAsync(Cancel);

        Assert.Equal(3, (await PendingAsync(host, stream)).Count);
        Assert.Empty(await DeadLettersAsync(host, stream));
    }

    [Fact]
    public async Task HandleBatch_IdempotencyGuard_EventHandledBeforeOrTwiceInTheBatch_HandledOnceAndEveryEntryAcknowledged()
    {
        var stream = TestStreams.Unique();
        var handled = new ConcurrentQueue<string>();
        var host = await CreateHostAsync(events => events.AddConsumerGroup(stream, Group, g => g
            .Configure(o =>
            {
                Quick(o);
                o.IdempotencyGuard = true;
            })
            .HandleBatch<OrderPlaced>((batch, _) =>
            {
                foreach (var context in batch)
                {
                    handled.Enqueue(context.Data.OrderId);
                }

                return ValueTask.CompletedTask;
            })
            .Handle<OrderShipped>((context, _) =>
            {
                // After the orders in the stream, and calls run one at a time (concurrency 1): the orders were handled.
                handled.Enqueue("shipped " + context.Data.OrderId);
                return ValueTask.CompletedTask;
            })));
        var twice = Ulid.NewUlid();
        await PlaceOrderAsync(host, stream, new OrderPlaced("o-1", 1), twice);
        await PlaceOrderAsync(host, stream, new OrderPlaced("o-2", 1));
        await PlaceOrderAsync(host, stream, new OrderPlaced("o-1", 1), twice);

        await host.StartAsync(Cancel);
        await Eventually.TrueAsync(() => handled.Count == 2, "the first batch was handled");
        await WaitUntilSettledAsync(host, stream);
        await PlaceOrderAsync(host, stream, new OrderPlaced("o-1", 1), twice);
        await ShipAsync(host, stream, "s-1");

        await Eventually.TrueAsync(() => handled.Contains("shipped s-1"), "the shipment after the repeated order was handled");
        await WaitUntilSettledAsync(host, stream);
        Assert.Equal(["o-1", "o-2", "shipped s-1"], handled);
        Assert.Empty(await DeadLettersAsync(host, stream));
    }

    [Fact]
    public async Task HandleBatch_StagedWrites_CommitForTheEntriesThatSucceededOnly()
    {
        var stream = TestStreams.Unique();
        var host = await CreateHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(Quick).HandleBatch<OrderPlaced>((batch, _) =>
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var context = batch[i];
                context.StageHashSet(context.StateKey("orders"), context.Data.OrderId, context.Data.Quantity);
                if (context.Data.OrderId == "o-2")
                {
                    batch.Fail(i, new PermanentEventException("refused"));
                }
            }

            return ValueTask.CompletedTask;
        })));
        await PlaceOrdersAsync(host, stream, 3);

        await host.StartAsync(Cancel);

        await Eventually.TrueAsync(async () => (await DeadLettersAsync(host, stream)).Count > 0, "o-2 was dead-lettered");
        await WaitUntilSettledAsync(host, stream);
        var key = Keys.Stream(stream) + ":state:orders";
        Assert.Equal("1", await HashFieldAsync(key, "o-1"));
        Assert.Null(await HashFieldAsync(key, "o-2"));
        Assert.Equal("3", await HashFieldAsync(key, "o-3"));
    }

    [Fact]
    public async Task HandleBatch_GroupWithAPartitionKey_RefusesToStart()
    {
        var stream = TestStreams.Unique();
        var host = await CreateHostAsync(events => events.AddConsumerGroup(stream, Group, g => g
            .HandleBatch<OrderPlaced>((_, _) => ValueTask.CompletedTask)
            .Handle<OrderShipped>((_, _) => ValueTask.CompletedTask, partitionKey: e => e.OrderId)));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(Cancel));

        Assert.Contains("partition key on OrderShipped", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Places orders o-1 … o-<paramref name="count"/>; their entry ids in that order.</summary>
    private async Task<List<RedisStreamId>> PlaceOrdersAsync(IHost host, string stream, int count)
    {
        var ids = new List<RedisStreamId>();
        for (var i = 1; i <= count; i++)
        {
            ids.Add(await PlaceOrderAsync(host, stream, new OrderPlaced($"o-{i}", i)));
        }

        return ids;
    }

    private static Task<RedisStreamId> ShipAsync(IHost host, string stream, string orderId) =>
        RawPublisher.PublishAsync(host, new StreamKeys(), stream, RawPublisher.Envelope(TestEvents.OrderShippedType, new OrderShipped(orderId), TestEventsJsonContext.Default.OrderShipped));

    private async Task<string?> HashFieldAsync(string key, string field)
    {
        if (Kind == TransportKind.InMemory)
        {
            return Memory.Peek(key) is Dictionary<string, string> hash ? hash.GetValueOrDefault(field) : null;
        }

        var value = await (await ConnectAsync()).HashGetAsync(key, field, Cancel);
        return value.IsNull ? null : value.ToString();
    }
}

public sealed class InMemoryBatchHandlerBehaviourTests(RedisServerFixture redis) : BatchHandlerBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.InMemory;
}

public sealed class RedisBatchHandlerBehaviourTests(RedisServerFixture redis) : BatchHandlerBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.Redis;
}
