using System.Collections.Concurrent;
using Fleet.Events.Tests.Behaviour;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Events.Tests.Consumers;

/// <summary>Start, stop, restart, take-over of a stopped consumer's work, group loss and health.</summary>
public abstract class LifecycleBehaviour(RedisServerFixture redis) : ConsumerTestBase(redis)
{
    [Fact]
    public async Task StopAsync_HandlerInProgress_WaitsForItThenAcknowledgesAndReadsNothingNew()
    {
        var stream = TestStreams.Unique();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handled = new ConcurrentQueue<string>();
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g
            .Configure(o =>
            {
                Quick(o);
                o.Prefetch = 1;
                o.ShutdownTimeout = TimeSpan.FromSeconds(10);
            })
            .Handle<OrderPlaced>(async (context, ct) =>
            {
                handled.Enqueue(context.Data.OrderId);
                started.TrySetResult();
                await gate.Task.WaitAsync(ct);
            })));

        await PlaceOrderAsync(host, stream, new OrderPlaced("o-1", 1));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        var stopping = host.StopAsync(Cancel);
        await Eventually.TrueAsync(() => !HealthOf(host, stream).IsRunning, "stop began");
        await PlaceOrderAsync(host, stream, new OrderPlaced("o-2", 1));
        Assert.False(stopping.IsCompleted, "stop waits for the handler in progress");
        gate.SetResult();
        await stopping;

        Assert.Equal(["o-1"], handled);
        Assert.Empty(await PendingAsync(host, stream));
        Assert.Equal(2, (await ReadAllAsync(host, Keys.Stream(stream))).Count);
    }

    [Fact]
    public async Task StopAsync_HandlerOutlivesShutdownTimeout_AnotherInstanceClaimsAndFinishesItOnce()
    {
        var stream = TestStreams.Unique();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runsOnFirst = 0;
        var handledOnSecond = new ConcurrentQueue<(string Consumer, long DeliveryCount, string OrderId)>();
        void Timings(ConsumerGroupOptions o)
        {
            Quick(o);
            o.ShutdownTimeout = TimeSpan.FromMilliseconds(100);
            o.ProcessingTimeout = TimeSpan.FromMilliseconds(500);
        }

        var time = new FakeTimeProvider();
        var first = await StartHostAsync(
            events =>
            {
                UseClockWithoutHostShutdownTimeout(events, time);
                events.AddConsumerGroup(stream, Group, g => g.Configure(Timings).Handle<OrderPlaced>(async (_, ct) =>
                {
                    Interlocked.Increment(ref runsOnFirst);
                    started.TrySetResult();
                    await Task.Delay(Timeout.Infinite, ct);
                }));
            },
            instanceName: "stopped");
        await PlaceOrderAsync(first, stream, new OrderPlaced("o-1", 1));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        var stopping = first.StopAsync(Cancel);
        await Eventually.TrueAsync(() => !HealthOf(first, stream).IsRunning, "stop began");
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(stopping.IsCompleted, "stop waits for the handler until the shutdown timeout");
        time.Advance(TimeSpan.FromMilliseconds(1));
        await stopping.WaitAsync(Eventually.DefaultLimit, Cancel);
        var pending = Assert.Single(await PendingAsync(first, stream));
        Assert.Equal("stopped", pending.Consumer);

        var second = await StartHostAsync(
            events => events.AddConsumerGroup(stream, Group, g => g.Configure(Timings).Handle<OrderPlaced>((context, _) =>
            {
                handledOnSecond.Enqueue((context.Consumer, context.DeliveryCount, context.Data.OrderId));
                return ValueTask.CompletedTask;
            })),
            instanceName: "survivor");

        await Eventually.TrueAsync(() => !handledOnSecond.IsEmpty, "the survivor handled the entry");
        await WaitUntilSettledAsync(second, stream);
        Assert.Equal(("survivor", 2L, "o-1"), Assert.Single(handledOnSecond));
        Assert.Equal(1, runsOnFirst);
    }

    [Fact]
    public async Task StopAsync_HandlerIgnoresItsToken_ReturnsSoonAfterTheShutdownTimeoutAndLeavesTheEntryPending()
    {
        var stream = TestStreams.Unique();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var time = new FakeTimeProvider();
        var host = await StartHostAsync(
            events =>
            {
                UseClockWithoutHostShutdownTimeout(events, time);
                events.AddConsumerGroup(stream, Group, g => g
                    .Configure(o =>
                    {
                        Quick(o);
                        o.ShutdownTimeout = TimeSpan.FromMilliseconds(200);
                    })
                    .Handle<OrderPlaced>(async (_, _) =>
                    {
                        started.TrySetResult();
                        await never.Task;
                    }));
            },
            instanceName: "stubborn");
        await PlaceOrderAsync(host, stream, new OrderPlaced("o-1", 1));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);

        var stopping = host.StopAsync(Cancel);
        await Eventually.TrueAsync(() => !HealthOf(host, stream).IsRunning, "stop began");
        time.Advance(TimeSpan.FromMilliseconds(199));
        var waitedForTheTimeout = !stopping.IsCompleted;
        // Past the timeout, stop cancels the handler and gives it a grace period on the same clock, then returns anyway.
        await Eventually.TrueAsync(
            () =>
            {
                time.Advance(TimeSpan.FromMilliseconds(100));
                return stopping.IsCompleted;
            },
            "stop returned although the handler never did");
        never.SetResult();

        await stopping;
        Assert.True(waitedForTheTimeout, "stop waits for the handler until the shutdown timeout");
        Assert.Equal("stubborn", Assert.Single(await PendingAsync(host, stream)).Consumer);
    }

    [Fact]
    public async Task StartAsync_HandlerOfAnUnregisteredType_FailsNamingTheType()
    {
        var stream = TestStreams.Unique();
        var host = await CreateHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Handle<OrderPriced>((_, _) => ValueTask.CompletedTask)));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(Cancel));

        Assert.Contains("OrderPriced", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a registered event type", error.Message, StringComparison.Ordinal);
        Assert.Contains(Group, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_StartPositionDollar_OnlyEventsPublishedAfterTheGroupWasCreatedAreHandled()
    {
        var stream = TestStreams.Unique();
        var handled = new ConcurrentQueue<string>();
        var host = await CreateHostAsync(events => events.AddConsumerGroup(stream, Group, g => g
            .Configure(o =>
            {
                Quick(o);
                o.StartPosition = "$";
            })
            .Handle<OrderPlaced>((context, _) =>
            {
                handled.Enqueue(context.Data.OrderId);
                return ValueTask.CompletedTask;
            })));
        await PlaceOrderAsync(host, stream, new OrderPlaced("before", 1));

        await host.StartAsync(Cancel);
        await PlaceOrderAsync(host, stream, new OrderPlaced("after", 1));

        await Eventually.TrueAsync(() => !handled.IsEmpty, "the new order was handled");
        await WaitUntilSettledAsync(host, stream);
        Assert.Equal(["after"], handled);
    }

    [Fact]
    public async Task EntriesWaitingInHandPastTheProcessingTimeout_ClaimedByAnotherConsumer_AreNotHandledTwice()
    {
        var stream = TestStreams.Unique();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handledBySlow = new ConcurrentQueue<string>();
        var handledByIdle = new ConcurrentQueue<string>();
        void Timings(ConsumerGroupOptions o)
        {
            Quick(o);
            o.Prefetch = 10;
            o.ProcessingTimeout = TimeSpan.FromMilliseconds(300);
        }

        // The slow consumer holds three entries; its first handler overruns (ignoring its token) while two wait behind it.
        var slow = await StartHostAsync(
            events => events.AddConsumerGroup(stream, Group, g => g.Configure(Timings).Handle<OrderPlaced>(async (context, _) =>
            {
                handledBySlow.Enqueue(context.Data.OrderId);
                started.TrySetResult();
                await release.Task;
            })),
            instanceName: "slow");
        var ids = new List<Fleet.Redis.RedisStreamId>();
        for (var i = 1; i <= 3; i++)
        {
            ids.Add(await PlaceOrderAsync(slow, stream, new OrderPlaced($"o-{i}", 1)));
        }

        await started.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        await Eventually.TrueAsync(() => HealthOf(slow, stream).InFlight == 3, "the slow consumer holds all three entries");
        await StartHostAsync(
            events => events.AddConsumerGroup(stream, Group, g => g.Configure(Timings).Handle<OrderPlaced>((context, _) =>
            {
                handledByIdle.Enqueue(context.Data.OrderId);
                return ValueTask.CompletedTask;
            })),
            instanceName: "idle");
        await Eventually.TrueAsync(() => handledByIdle.Count >= 3, "the idle consumer claimed and handled the three entries");
        release.SetResult();

        await Eventually.TrueAsync(() => HealthOf(slow, stream).InFlight == 0, "the slow consumer let go of the entries it no longer owns");
        await WaitUntilSettledAsync(slow, stream);
        Assert.Equal(["o-1", "o-2", "o-3"], handledByIdle.Order());
        Assert.Equal(["o-1"], handledBySlow);
    }

    [Fact]
    public async Task StartAsync_SameInstanceNameWithPendingEntries_FinishesItsOwnWorkFirst()
    {
        var stream = TestStreams.Unique();
        var handled = new ConcurrentQueue<(long DeliveryCount, string OrderId)>();
        var host = await CreateHostAsync(
            events => events.AddConsumerGroup(stream, Group, g => g.Configure(Quick).Handle<OrderPlaced>((context, _) =>
            {
                handled.Enqueue((context.DeliveryCount, context.Data.OrderId));
                return ValueTask.CompletedTask;
            })),
            instanceName: "restarted");
        var transport = TransportOf(host);
        await transport.EnsureGroupAsync(Keys.Stream(stream), Group, "0", Cancel);
        await PlaceOrderAsync(host, stream, new OrderPlaced("o-1", 1));
        await PlaceOrderAsync(host, stream, new OrderPlaced("o-2", 1));

        // The instance read both before it "crashed": they are pending, owned by its name, delivered once.
        Assert.Equal(2, (await transport.ReadGroupAsync(Keys.Stream(stream), Group, "restarted", ">", 10, null, Cancel)).Count);
        await PlaceOrderAsync(host, stream, new OrderPlaced("o-3", 1));
        await host.StartAsync(Cancel);

        await Eventually.TrueAsync(() => handled.Count >= 3, "every order was handled");
        await WaitUntilSettledAsync(host, stream);
        Assert.Equal([(2L, "o-1"), (2L, "o-2"), (1L, "o-3")], handled);
    }

    [Fact]
    public async Task ConsumerGroup_StreamDeletedWhileRunning_GroupIsRecreatedAndNewEventsAreHandled()
    {
        var stream = TestStreams.Unique();
        var handled = new ConcurrentQueue<string>();
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(Quick).Handle<OrderPlaced>((context, _) =>
        {
            handled.Enqueue(context.Data.OrderId);
            return ValueTask.CompletedTask;
        })));
        await PlaceOrderAsync(host, stream, new OrderPlaced("o-1", 1));
        await Eventually.TrueAsync(() => !handled.IsEmpty, "the first order was handled");

        await DeleteStreamAsync(Keys.Stream(stream));
        await PlaceOrderAsync(host, stream, new OrderPlaced("o-2", 1));

        await Eventually.TrueAsync(() => handled.Count >= 2, "the order published after the loss was handled");
        await WaitUntilSettledAsync(host, stream);
        Assert.Equal(["o-1", "o-2"], handled);
        Assert.True(HealthOf(host, stream).GroupRecreations >= 1, "the re-creation shows in health");
    }

    [Fact]
    public async Task HealthCheck_RunningThenStopped_HealthyThenUnhealthy()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(
            events => events.AddConsumerGroup(stream, Group, g => g.Configure(Quick).Handle<OrderPlaced>((_, _) => ValueTask.CompletedTask)),
            instanceName: "checked");
        var check = new FleetEventsHealthCheck(host.Services);

        await Eventually.TrueAsync(() => HealthOf(host, stream).LastSuccessfulRead is not null, "the loop read once");
        var running = HealthOf(host, stream);
        Assert.True(running.IsRunning);
        Assert.Equal("checked", running.Consumer);
        Assert.InRange(running.LastSuccessfulRead!.Value, DateTimeOffset.UtcNow.AddSeconds(-10), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Null(running.LastError);
        var healthy = await check.CheckHealthAsync(new HealthCheckContext(), Cancel);
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Same(typeof(ConsumerLoopHealth), healthy.Data[$"{stream}/{Group}/checked"].GetType());

        await host.StopAsync(Cancel);

        Assert.False(HealthOf(host, stream).IsRunning);
        var stopped = await check.CheckHealthAsync(new HealthCheckContext(), Cancel);
        Assert.Equal(HealthStatus.Unhealthy, stopped.Status);
        Assert.Contains("not running", stopped.Description, StringComparison.Ordinal);
    }

    /// <summary>
    /// Gives the consumer the test's clock, and takes the host's own shutdown timeout away: a stop that did not give up
    /// at the consumer's timeout would then hang (and fail the test) instead of ending at the host's.
    /// </summary>
    private static void UseClockWithoutHostShutdownTimeout(FleetEventsBuilder events, TimeProvider time)
    {
        events.Services.AddSingleton(time);
        events.Services.Configure<HostOptions>(o => o.ShutdownTimeout = Timeout.InfiniteTimeSpan);
    }
}

public sealed class InMemoryLifecycleBehaviourTests(RedisServerFixture redis) : LifecycleBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.InMemory;
}

public sealed class RedisLifecycleBehaviourTests(RedisServerFixture redis) : LifecycleBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.Redis;
}
