using Fleet.Events.Consumers;
using Fleet.Events.Tests.Behaviour;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Events.Tests.Consumers;

/// <summary>An outage with many entries in hand logs one warning per kind of failure, with the count, not one per entry.</summary>
public sealed class OutageLoggingIntegrationTests : IAsyncLifetime
{
    private const int Orders = 30;
    private readonly RedisHosts _hosts = new();
    private readonly StreamKeys _keys = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RedisKilledWithEntriesInHand_IdempotencyCheckFailuresLogOneWarningAndOneCount()
    {
        // The first order's handler holds the only slot; the other orders wait in hand for their idempotency check.
        var logs = await KillRedisWithOrdersInHandAsync(
            static () => ValueTask.CompletedTask,
            o =>
            {
                o.IdempotencyGuard = true;
                o.ProcessingTimeout = TimeSpan.FromMinutes(5);
            });

        var warning = Assert.Single(logs.Records, r => r.Id == 1026);
        Assert.Contains("Further failures are counted", warning.Message, StringComparison.Ordinal);
        Assert.Equal(Orders - 1, logs.Records.Count(r => r.Id == 1108 && r.Message.Contains("idempotency check", StringComparison.Ordinal)));
        Assert.Contains(logs.Records, r => r.Id == 1109 && r.Message.Contains($"{Orders - 1} idempotency check(s) failed", StringComparison.Ordinal));
        Assert.Single(logs.Records, r => r.Id == 1027);
    }

    [Fact]
    public async Task RedisKilledWithEntriesInHand_DeadLetterFailuresLogOneWarningAndOneCount()
    {
        // Every handler refuses its order once Redis is gone: each entry in hand then fails its move to the dead letters.
        var logs = await KillRedisWithOrdersInHandAsync(
            static () => throw new PermanentEventException("refused"),
            o => o.ProcessingTimeout = TimeSpan.FromMinutes(5));

        var warning = Assert.Single(logs.Records, r => r.Id == 1012);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Further failures are counted", warning.Message, StringComparison.Ordinal);
        Assert.Equal(Orders, logs.Records.Count(r => r.Id == 1108 && r.Message.Contains("dead-letter stream", StringComparison.Ordinal)));
        Assert.Contains(logs.Records, r => r.Id == 1109 && r.Message.Contains($"{Orders} move(s) to the dead-letter stream failed", StringComparison.Ordinal));
    }

    /// <summary>
    /// Places <see cref="Orders"/> orders, holds the first handler until all are in hand, kills Redis, then lets every
    /// handler finish with <paramref name="afterRelease"/> and stops the host once nothing is in hand; returns its logs.
    /// </summary>
    private async Task<LogCollector> KillRedisWithOrdersInHandAsync(Func<ValueTask> afterRelease, Action<ConsumerGroupOptions> group)
    {
        var server = _hosts.Own(await RedisServer.StartAsync(cancellationToken: Cancel));
        var stream = TestStreams.Unique();
        var logs = new LogCollector();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var redis = RedisHosts.QuickRetries(server.Url) with { ReconnectWaitTimeout = TimeSpan.FromMilliseconds(50) };
        var host = _hosts.Create(
            redis,
            stream,
            "outage",
            async (_, _) =>
            {
                entered.TrySetResult();
                await release.Task;
                await afterRelease();
            },
            logs,
            group);
        await host.StartAsync(Cancel);
        for (var i = 0; i < Orders; i++)
        {
            await RawPublisher.PlaceOrderAsync(host, _keys, stream, new OrderPlaced($"o-{i}", 1));
        }

        await entered.Task.WaitAsync(Cancel);
        await Eventually.TrueAsync(() => Health(host).InFlight == Orders, "every order is in hand");
        await server.KillAsync();
        await Eventually.TrueAsync(() => !BehaviourTestBase.TransportOf(host).IsReachable, "the client noticed the outage");
        release.SetResult();
        await Eventually.TrueAsync(() => Health(host).InFlight == 0, "every order in hand was left pending", TimeSpan.FromSeconds(30));
        await host.StopAsync(Cancel);
        return logs;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _hosts.DisposeAsync();

    private static ConsumerLoopHealth Health(IHost host) =>
        Assert.Single(host.Services.GetRequiredService<ConsumerHealthRegistry>().Snapshot());
}
