using System.Collections.Concurrent;
using Fleet.Events.Tests.Behaviour;
using Fleet.Testing;

namespace Fleet.Events.Tests.Consumers;

/// <summary>
/// Writes a handler stages on its context commit with the acknowledgement in one step: once when the handler succeeds,
/// never for a failed attempt, once however many times the handler runs (a retry, a consumer stopped before its commit, a
/// claim where two consumers both run it, a duplicate publish under the guard).
/// </summary>
public abstract class StagedWritesBehaviour(RedisServerFixture redis) : ConsumerTestBase(redis)
{
    [Fact]
    public async Task StagedWrites_HandlersSucceed_AreAppliedOnceEachWithTheAcknowledgement()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(Quick).Handle<OrderPlaced>((context, _) =>
        {
            context.StageIncrement(context.StateKey("total"), context.Data.Quantity);
            context.StageHashSet(context.StateKey("orders"), context.Data.OrderId, context.Data.Quantity);
            context.StageSetAdd(context.StateKey("seen"), context.Data.OrderId);
            context.StageSortedSetAdd(context.StateKey("ranked"), context.Data.OrderId, context.Data.Quantity);
            context.StageSet(context.StateKey("last"), context.Data.OrderId, TimeSpan.FromHours(1));
            return ValueTask.CompletedTask;
        })));

        for (var i = 1; i <= 40; i++)
        {
            await PlaceOrderAsync(host, stream, new OrderPlaced($"o-{i}", i));
        }

        await Eventually.TrueAsync(async () => await StringAsync(StateKey(stream, "last")) == "o-40", "the last order was committed");
        await WaitUntilSettledAsync(host, stream);
        Assert.Equal("820", await StringAsync(StateKey(stream, "total")));
        Assert.Equal("17", await HashFieldAsync(StateKey(stream, "orders"), "o-17"));
    }

    [Fact]
    public async Task StagedWrites_FailedAttemptThenRetrySucceeds_OnlyTheSucceedingAttemptCommits()
    {
        var stream = TestStreams.Unique();
        var attempts = 0;
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(o =>
        {
            Quick(o);
            o.RetryAttempts = 2;
        }).Handle<OrderPlaced>((context, _) =>
        {
            context.StageIncrement(context.StateKey("count"));
            return Interlocked.Increment(ref attempts) == 1 ? throw new InvalidOperationException("transient") : ValueTask.CompletedTask;
        })));

        await PlaceOrderAsync(host, stream, new OrderPlaced("o-1", 1));

        await Eventually.TrueAsync(async () => await StringAsync(StateKey(stream, "count")) is not null, "the retry committed");
        await WaitUntilSettledAsync(host, stream);
        Assert.Equal(2, attempts);
        Assert.Equal("1", await StringAsync(StateKey(stream, "count")));
    }

    [Fact]
    public async Task StagedWrites_HandlerFailsPermanently_NothingIsWritten()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(Quick).Handle<OrderPlaced>((context, _) =>
        {
            context.StageSet(context.StateKey(context.Data.OrderId), "written");
            return context.Data.OrderId == "bad" ? throw new PermanentEventException("refused") : ValueTask.CompletedTask;
        })));

        await PlaceOrderAsync(host, stream, new OrderPlaced("bad", 1));
        await PlaceOrderAsync(host, stream, new OrderPlaced("good", 1));

        await Eventually.TrueAsync(async () => await StringAsync(StateKey(stream, "good")) == "written", "the good order committed");
        await Eventually.TrueAsync(async () => (await DeadLettersAsync(host, stream)).Count == 1, "the bad order was dead-lettered");
        await WaitUntilSettledAsync(host, stream);
        Assert.Null(await StringAsync(StateKey(stream, "bad")));
    }

    [Fact]
    public async Task StagedWrites_CommitRefused_WritesNothingAndTheRedeliveryAppliesOnce()
    {
        var stream = TestStreams.Unique();
        var runs = new ConcurrentQueue<string>();
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(o =>
        {
            Quick(o);
            o.RetryAttempts = 0;
            o.ProcessingTimeout = TimeSpan.FromMilliseconds(500);
            o.ClaimInterval = TimeSpan.FromMilliseconds(100);
        }).Handle<OrderPlaced>((context, _) =>
        {
            runs.Enqueue(context.Data.OrderId);
            var blocked = context.StateKey("blocked");
            switch (context.Data.OrderId)
            {
                case "block":
                    // A string where the next handler stages a hash field: its commit is refused as a whole.
                    context.StageSet(blocked, "a string");
                    break;
                case "unblock":
                    context.StageDelete(blocked);
                    break;
                default:
                    context.StageIncrement(context.StateKey("count"));
                    context.StageHashSet(blocked, "by", context.Data.OrderId);
                    break;
            }

            return ValueTask.CompletedTask;
        })));

        await PlaceOrderAsync(host, stream, new OrderPlaced("block", 1));
        await PlaceOrderAsync(host, stream, new OrderPlaced("o-1", 1));
        await PlaceOrderAsync(host, stream, new OrderPlaced("unblock", 1));

        await Eventually.TrueAsync(async () => await StringAsync(StateKey(stream, "count")) is not null, "the redelivered order committed");
        await WaitUntilSettledAsync(host, stream);
        Assert.Equal(["block", "o-1", "unblock", "o-1"], runs);
        Assert.Equal("1", await StringAsync(StateKey(stream, "count")));
        Assert.Equal("o-1", await HashFieldAsync(StateKey(stream, "blocked"), "by"));
    }

    [Fact]
    public async Task StagedWrites_ConsumerStoppedBeforeItsCommit_AnotherInstanceAppliesThemOnce()
    {
        var stream = TestStreams.Unique();
        var staged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        var first = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(o =>
        {
            Quick(o);
            o.ShutdownTimeout = TimeSpan.FromMilliseconds(100);
        }).Handle<OrderPlaced>(async (context, ct) =>
        {
            Interlocked.Increment(ref runs);
            context.StageIncrement(context.StateKey("count"));
            staged.TrySetResult();

            // Stands for a process that dies between its handler's work and the commit: stop cancels it here.
            await Task.Delay(Timeout.Infinite, ct);
        })));
        await PlaceOrderAsync(first, stream, new OrderPlaced("o-1", 1));
        await staged.Task.WaitAsync(Cancel);
        await first.StopAsync(Cancel);
        Assert.Null(await StringAsync(StateKey(stream, "count")));

        var second = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(o =>
        {
            Quick(o);
            o.ProcessingTimeout = TimeSpan.FromMilliseconds(300);
            o.ClaimInterval = TimeSpan.FromMilliseconds(100);
        }).Handle<OrderPlaced>((context, _) =>
        {
            Interlocked.Increment(ref runs);
            context.StageIncrement(context.StateKey("count"));
            return ValueTask.CompletedTask;
        })));

        await Eventually.TrueAsync(async () => await StringAsync(StateKey(stream, "count")) is not null, "the claiming instance committed");
        await WaitUntilSettledAsync(second, stream);
        Assert.Equal(2, runs);
        Assert.Equal("1", await StringAsync(StateKey(stream, "count")));
    }

    [Fact]
    public async Task StagedWrites_ClaimedWhileTheFirstConsumerStillRuns_FirstCommitWinsAndTheOtherWritesNothing()
    {
        var stream = TestStreams.Unique();
        var firstRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstCommitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(o =>
        {
            Quick(o);
            o.ProcessingTimeout = TimeSpan.FromMinutes(1);
        }).Handle<OrderPlaced>(async (context, _) =>
        {
            context.StageIncrement(context.StateKey("count"));
            context.StageHashSet(context.StateKey("committed-by"), "consumer", context.Consumer);
            firstRunning.TrySetResult();

            // Outlives the claimer's processing timeout, so the claimer runs the handler too.
            await secondRunning.Task.WaitAsync(Cancel);
        })), instanceName: "slow");
        await PlaceOrderAsync(slow, stream, new OrderPlaced("o-1", 1));
        await firstRunning.Task.WaitAsync(Cancel);

        var claimer = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(o =>
        {
            Quick(o);
            o.ProcessingTimeout = TimeSpan.FromMilliseconds(300);
            o.ClaimInterval = TimeSpan.FromMilliseconds(100);
        }).Handle<OrderPlaced>(async (context, _) =>
        {
            context.StageIncrement(context.StateKey("count"));
            context.StageHashSet(context.StateKey("committed-by"), "consumer", context.Consumer);
            secondRunning.TrySetResult();
            await firstCommitted.Task.WaitAsync(Cancel);
        })), instanceName: "claimer");

        // The slow consumer commits although the claimer owns the entry now: XACK counts for the group, not the owner.
        await Eventually.TrueAsync(async () => await StringAsync(StateKey(stream, "count")) is not null, "the slow consumer committed");
        firstCommitted.TrySetResult();
        await claimer.StopAsync(Cancel);

        Assert.Equal("1", await StringAsync(StateKey(stream, "count")));
        Assert.Equal("slow", await HashFieldAsync(StateKey(stream, "committed-by"), "consumer"));
        Assert.Empty(await PendingAsync(slow, stream));
    }

    [Fact]
    public async Task StagedWrites_SameEventPublishedTwiceWithTheGuard_AreAppliedOnce()
    {
        var stream = TestStreams.Unique();
        var runs = 0;
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(o =>
        {
            Quick(o);
            o.IdempotencyGuard = true;
        }).Handle<OrderPlaced>((context, _) =>
        {
            Interlocked.Increment(ref runs);
            context.StageIncrement(context.StateKey(context.Data.OrderId));
            return ValueTask.CompletedTask;
        })));
        var envelope = RawPublisher.Envelope(TestEvents.OrderPlacedType, new OrderPlaced("o-1", 1), TestEventsJsonContext.Default.OrderPlaced);

        await RawPublisher.PublishAsync(host, Keys, stream, envelope);
        await RawPublisher.PublishAsync(host, Keys, stream, envelope);
        await PlaceOrderAsync(host, stream, new OrderPlaced("o-2", 1));

        await Eventually.TrueAsync(async () => await StringAsync(StateKey(stream, "o-2")) is not null, "the last order committed");
        await WaitUntilSettledAsync(host, stream);
        Assert.Equal("1", await StringAsync(StateKey(stream, "o-1")));
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task StageWrite_KeyOutsideTheStreamsHashTag_IsRefusedWhenStaged()
    {
        var stream = TestStreams.Unique();
        var refusals = new ConcurrentQueue<string>();
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(Quick).Handle<OrderPlaced>((context, _) =>
        {
            foreach (var key in new[] { "plain-key", "fleet:{other.events}:state:x", Keys.Stream(stream) })
            {
                try
                {
                    context.StageSet(key, "x");
                }
                catch (ArgumentException e)
                {
                    refusals.Enqueue(e.Message);
                }
            }

            context.StageSet(context.StateKey("allowed"), "x");
            return ValueTask.CompletedTask;
        })));

        await PlaceOrderAsync(host, stream, new OrderPlaced("o-1", 1));

        await Eventually.TrueAsync(async () => await StringAsync(StateKey(stream, "allowed")) == "x", "the allowed write committed");
        Assert.Equal(3, refusals.Count);
        Assert.All(refusals, message => Assert.Contains($"hash tag '{{{stream}}}'", message, StringComparison.Ordinal));
        Assert.Null(await StringAsync("plain-key"));
    }

    private string StateKey(string stream, string name) => Keys.Stream(stream) + ":state:" + name;

    private async Task<string?> StringAsync(string key)
    {
        if (Kind == TransportKind.InMemory)
        {
            return Memory.Peek(key) as string;
        }

        var value = await (await ClientAsync()).GetAsync(key, Cancel);
        return value.IsNull ? null : value.ToString();
    }

    private async Task<string?> HashFieldAsync(string key, string field)
    {
        if (Kind == TransportKind.InMemory)
        {
            return Memory.Peek(key) is Dictionary<string, string> hash ? hash.GetValueOrDefault(field) : null;
        }

        var value = await (await ClientAsync()).HashGetAsync(key, field, Cancel);
        return value.IsNull ? null : value.ToString();
    }

    private Fleet.Redis.RedisClient? _client;

    private async Task<Fleet.Redis.RedisClient> ClientAsync() => _client ??= await ConnectAsync();
}

public sealed class InMemoryStagedWritesBehaviourTests(RedisServerFixture redis) : StagedWritesBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.InMemory;
}

public sealed class RedisStagedWritesBehaviourTests(RedisServerFixture redis) : StagedWritesBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.Redis;
}
