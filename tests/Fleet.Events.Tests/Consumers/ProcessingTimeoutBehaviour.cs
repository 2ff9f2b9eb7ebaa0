using System.Collections.Concurrent;
using System.Diagnostics;
using Fleet.Events.Tests.Behaviour;
using Fleet.Testing;

namespace Fleet.Events.Tests.Consumers;

/// <summary>
/// The processing timeout counts from an entry's delivery, as Redis's idle time does, so a consumer never runs a
/// handler at the moment another consumer may claim the same entry.
/// </summary>
public abstract class ProcessingTimeoutBehaviour(RedisServerFixture redis) : ConsumerTestBase(redis)
{
    private static void Timings(ConsumerGroupOptions options)
    {
        Quick(options);
        options.Prefetch = 10;
        options.RetryAttempts = 0;
        options.ProcessingTimeout = TimeSpan.FromMilliseconds(1000);
    }

    [Fact]
    public async Task Handler_StartedAfterWaitingInHand_IsCancelledAtTheTimeoutCountedFromDelivery()
    {
        var stream = TestStreams.Unique();
        var secondRan = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(Timings).Handle<OrderPlaced>(async (context, ct) =>
        {
            if (context.Data.OrderId == "first")
            {
                await Task.Delay(600, CancellationToken.None);
                return;
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                await Task.Delay(5000, ct);
            }
            finally
            {
                secondRan.TrySetResult(Stopwatch.GetElapsedTime(started));
            }
        })));
        await PlaceOrderAsync(host, stream, new OrderPlaced("first", 1));
        await PlaceOrderAsync(host, stream, new OrderPlaced("second", 1));

        var ran = await secondRan.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);

        // "second" waited ~600 ms behind "first", so it had ~400 ms left, not a whole second.
        Assert.InRange(ran, TimeSpan.Zero, TimeSpan.FromMilliseconds(850));
    }

    [Fact]
    public async Task Entry_WaitingInHandPastTheTimeout_IsNotRunThereButClaimedAndCompletedOnce()
    {
        var stream = TestStreams.Unique();
        var completed = new ConcurrentQueue<(string Order, string Consumer)>();
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ValueTask Record(EventContext<OrderPlaced> context)
        {
            completed.Enqueue((context.Data.OrderId, context.Consumer));
            return ValueTask.CompletedTask;
        }

        var slow = await StartHostAsync(
            events => events.AddConsumerGroup(stream, Group, g => g.Configure(Timings).Handle<OrderPlaced>(async (context, _) =>
            {
                if (context.Data.OrderId == "first")
                {
                    firstStarted.TrySetResult();

                    // Ignores its token and outlives the timeout: "second" waits behind it past its own timeout.
                    await Task.Delay(1300, CancellationToken.None);
                }
                else
                {
                    // Long enough that a claim by the newcomer would overlap it, had it started here after waiting.
                    await Task.Delay(800, CancellationToken.None);
                }

                await Record(context);
            })),
            instanceName: "slow");
        await PlaceOrderAsync(slow, stream, new OrderPlaced("first", 1));
        await PlaceOrderAsync(slow, stream, new OrderPlaced("second", 1));
        await firstStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);

        // A second consumer joins once "first" is done: "second" then waited in the slow consumer's hand past its timeout,
        // so the newcomer's first claim sweep may take it at any moment.
        await Eventually.TrueAsync(() => completed.Any(c => c.Order == "first"), "first was completed");
        await StartHostAsync(
            events => events.AddConsumerGroup(stream, Group, g => g.Configure(Timings).Handle<OrderPlaced>((context, _) => Record(context))),
            instanceName: "idle");

        await Eventually.TrueAsync(() => completed.Any(c => c.Order == "second"), "second was completed");
        await WaitUntilSettledAsync(slow, stream);

        // Let go by the slow consumer, then claimed (by either consumer) and completed exactly once.
        Assert.Single(completed, c => c.Order == "second");
    }
}

public sealed class InMemoryProcessingTimeoutBehaviourTests(RedisServerFixture redis) : ProcessingTimeoutBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.InMemory;
}

public sealed class RedisProcessingTimeoutBehaviourTests(RedisServerFixture redis) : ProcessingTimeoutBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.Redis;
}
