using System.Collections.Concurrent;
using Fleet.Events.Tests.Behaviour;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

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
        var time = new FakeTimeProvider();
        var firstRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondToken = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = await StartHostAsync(events =>
        {
            // The consumer's clock (deliveries, the processing-timeout watchdog) is the test's; the transport keeps real time.
            events.Services.AddSingleton<TimeProvider>(time);
            events.AddConsumerGroup(stream, Group, g => g.Configure(Timings).Handle<OrderPlaced>(async (context, ct) =>
            {
                if (context.Data.OrderId == "first")
                {
                    firstRunning.TrySetResult();
                    await releaseFirst.Task;
                    return;
                }

                secondToken.TrySetResult(ct);
                await Task.Delay(Timeout.Infinite, ct);
            }));
        });
        await PlaceOrderAsync(host, stream, new OrderPlaced("first", 1));
        await PlaceOrderAsync(host, stream, new OrderPlaced("second", 1));
        await firstRunning.Task.WaitAsync(Eventually.DefaultLimit, Cancel);
        await Eventually.TrueAsync(() => HealthOf(host, stream).InFlight == 2, "both entries are in hand");

        // "second" waits in hand behind "first" for 600 ms of its 1 s, then starts with 400 ms left.
        time.Advance(TimeSpan.FromMilliseconds(600));
        releaseFirst.SetResult();
        var token = await secondToken.Task.WaitAsync(Eventually.DefaultLimit, Cancel);
        time.Advance(TimeSpan.FromMilliseconds(399));
        var before = token.IsCancellationRequested;
        time.Advance(TimeSpan.FromMilliseconds(1));

        // The watchdog runs on the fake clock's timer, inside Advance, and a cancelled source reports it at once.
        Assert.False(before, "cancelled before the timeout counted from delivery");
        Assert.True(token.IsCancellationRequested, "not cancelled at the timeout counted from delivery (400 ms after it started, not a whole second)");
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
