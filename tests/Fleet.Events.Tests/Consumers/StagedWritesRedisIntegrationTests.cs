using Fleet.Testing;

namespace Fleet.Events.Tests.Consumers;

/// <summary>
/// A consumer's connection dies with its commit in flight: the commit script never runs, nothing is written, the entry
/// stays pending, and the redelivery commits once. Its own redis-server, because CLIENT PAUSE and CLIENT KILL reach
/// every client of a server.
/// </summary>
public sealed class StagedWritesRedisIntegrationTests : OwnRedisTestBase
{
    [Fact]
    public async Task StagedWrites_ConnectionKilledWithTheCommitInFlight_NothingWrittenAndTheRedeliveryAppliesOnce()
    {
        var server = await StartServerAsync();
        var admin = await ConnectAsync(server);
        var name = TestStreams.Unique();
        var count = Keys.Stream(name) + ":state:count";
        var staged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        var logs = new LogCollector();
        var host = await StartHostAsync(await ConnectAsync(server), name, logs, Timings, async (context, _) =>
        {
            context.StageIncrement(context.StateKey("count"));
            if (Interlocked.Increment(ref runs) == 1)
            {
                staged.TrySetResult();
                await paused.Task.WaitAsync(Cancel);
            }
        });
        await RawPublisher.PlaceOrderAsync(host, Keys, name, new OrderPlaced("o-1", 1));
        await staged.Task.WaitAsync(Cancel);

        // CLIENT PAUSE WRITE holds every script: the commit reaches Redis and waits there, not yet run.
        await admin.ExecuteAsync("CLIENT", ["PAUSE", "60000", "WRITE"], Cancel);
        paused.TrySetResult();
        await Eventually.TrueAsync(
            async () => (await admin.ExecuteAsync("CLIENT", ["LIST"], Cancel)).Value.ToString().Contains("cmd=evalsha", StringComparison.Ordinal),
            "the commit script waits in the pause");
        await admin.ExecuteAsync("CLIENT", ["KILL", "TYPE", "normal", "SKIPME", "yes"], Cancel);
        await admin.ExecuteAsync("CLIENT", ["UNPAUSE"], Cancel);

        await Eventually.TrueAsync(() => logs.Records.Any(r => r.Id == 1040), "the consumer saw its commit fail");
        Assert.True((await admin.GetAsync(count, Cancel)).IsNull, "the killed commit wrote nothing");
        await Eventually.TrueAsync(async () => !(await admin.GetAsync(count, Cancel)).IsNull, "the redelivery committed", TimeSpan.FromSeconds(20));
        await Eventually.TrueAsync(async () => (await admin.XPendingAsync(Keys.Stream(name), Group, Cancel)).Count == 0, "nothing is pending");
        Assert.Equal(2, runs);
        Assert.Equal("1", (await admin.GetAsync(count, Cancel)).ToString());
    }

    private static void Timings(ConsumerGroupOptions options)
    {
        options.ProcessingTimeout = TimeSpan.FromMilliseconds(500);
        options.ClaimInterval = TimeSpan.FromMilliseconds(100);
    }
}
